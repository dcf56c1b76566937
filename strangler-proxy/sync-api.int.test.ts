import { Writable } from "node:stream";
import express from "express";
import request from "supertest";
import winston from "winston";
import type { SyncStatus } from "../contracts";
import { errorHandler, notFoundHandler, requestId } from "../platform";
import { freePort, httpOnFreePort, type RunningHttp } from "../testing";
import { syncApi } from "./admin/sync-api";
import type { UpstreamConfig } from "./config/schema";
import { ProxyErrorCode } from "./errors";

/** What the fake service received on its internal endpoints. */
const received: Array<{ method: string; url: string; body: unknown; requestId: unknown }> = [];
const lines: Array<Record<string, unknown>> = [];
const logger = winston.createLogger({
  transports: [
    new winston.transports.Stream({
      stream: new Writable({
        objectMode: true,
        write(info: Record<string, unknown>, _encoding, done) {
          lines.push(JSON.parse(JSON.stringify(info)));
          done();
        },
      }),
    }),
  ],
});

const status: SyncStatus = {
  service: "catalog",
  streams: [
    { stream: "CDC_MONOLITH", running: true, backlog: 2, lastAppliedPosition: 40, lagP99Ms: 120, lagP50Ms: 15, heartbeatLagMs: 8, parked: 1 },
    { stream: "CDC_CATALOG", running: false, backlog: 0, lastAppliedPosition: 3, lagP99Ms: null, heartbeatLagMs: null, parked: 0 },
  ],
  ownership: [
    {
      group: "catalog-writes",
      owner: "monolith",
      epoch: 2,
      changedAt: "2026-01-01T00:00:00.000Z",
      fenced: { monolith: [], service: ["categories", "products"] },
      lease: null,
    },
  ],
};

/** A service that follows the sync contract, answering from fixed data and recording every call. */
function fakeService(): express.Express {
  const app = express();
  app.use(express.json());
  app.use((req, _res, next) => {
    if (req.path.startsWith("/internal/sync/parked")) received.push({ method: req.method, url: req.originalUrl, body: req.body, requestId: req.headers["x-request-id"] });
    next();
  });
  app.get("/internal/sync/status", (_req, res) => void res.json(status));
  app.get("/internal/sync/parked", (_req, res) => void res.json({ service: "catalog", parked: [{ source: "monolith", position: 41, table: "products", key: '{"id":7}', op: "insert", reason: "mapping failed", attempts: 8 }] }));
  app.post("/internal/sync/parked/replay", (req, res) => {
    if (req.body.key === "locked") return void res.status(409).json({ error: { code: "CATALOG_ERR_BUSY", message: "the row is locked" } });
    res.json({ service: "catalog", replayed: 1, stillParked: 0 });
  });
  app.post("/internal/sync/parked/discard", (req, res) => {
    if (!req.body.reason) return void res.status(400).json({ error: { code: "SHOP_ERR_VALIDATION", message: "reason is required", fields: [{ field: "reason", message: "Required" }] } });
    res.json({ service: "catalog", discarded: 1, stillParked: 0 });
  });
  return app;
}

const upstream = (name: string, url: string, syncStatusPath?: string) =>
  ({ name, url, healthPath: "/healthz", default: name === "monolith", timeoutMs: 1000, breaker: { failureThreshold: 5, coolDownMs: 1000 }, syncStatusPath }) as UpstreamConfig;

describe("the admin API's sync endpoints (GET /sync, parked changes: list, replay, discard)", () => {
  let service: RunningHttp;
  let garbled: RunningHttp;
  let app: express.Express;

  beforeAll(async () => {
    service = await httpOnFreePort(fakeService());
    garbled = await httpOnFreePort((_req, res) => res.end(JSON.stringify({ service: "billing", streams: "none" })));
    const nobody = `http://127.0.0.1:${await freePort()}`;
    app = express();
    app.use(requestId());
    app.use(express.json());
    app.use(
      syncApi({
        upstreams: [upstream("monolith", "http://127.0.0.1:1"), upstream("catalog", `${service.url}/`, "/internal/sync/status"), upstream("billing", garbled.url, "/internal/sync/status"), upstream("orders", nobody, "/internal/sync/status")],
        defaultUpstream: "monolith",
        logger,
        statusTimeoutMs: 1000,
        parkedTimeoutMs: 1000,
      }),
    );
    app.use(notFoundHandler({ notFound: ProxyErrorCode.notFound }));
    app.use(errorHandler(logger, { malformedBody: ProxyErrorCode.malformedBody, notFound: ProxyErrorCode.notFound, internal: ProxyErrorCode.internal }));
  });

  afterAll(async () => {
    await service?.close();
    await garbled?.close();
  });

  beforeEach(() => {
    received.length = 0;
    lines.length = 0;
  });

  it("lists one entry per service with a syncStatusPath: streams with their direction, ownership, or the reason it could not be read", async () => {
    const answer = await request(app).get("/sync").expect(200);
    const [catalog, billing, orders] = answer.body.services;
    expect(answer.body.services).toHaveLength(3);
    expect(catalog).toMatchObject({ service: "catalog", url: service.url, syncStatusPath: "/internal/sync/status", ok: true, ownership: status.ownership });
    expect(catalog.streams).toEqual([
      { ...status.streams[0], from: "monolith", to: "catalog" },
      { ...status.streams[1], from: "catalog", to: "monolith" },
    ]);
    expect(billing).toMatchObject({ service: "billing", ok: false, error: { code: "PROXY_ERR_SERVICE_REFUSED", message: expect.stringContaining("does not follow contracts/sync-status.ts") } });
    expect(orders).toMatchObject({ service: "orders", ok: false, error: { code: "PROXY_ERR_SERVICE_UNREACHABLE", message: expect.stringContaining("Cannot reach the orders service") } });
  });

  it("lists a service's parked changes, passing on only the table, key and source filters", async () => {
    const answer = await request(app).get("/sync/catalog/parked?key=7&table=products&other=x&source=monolith").expect(200);
    expect(answer.body.parked).toEqual([expect.objectContaining({ position: 41, key: '{"id":7}', attempts: 8 })]);
    expect(received).toEqual([{ method: "GET", url: "/internal/sync/parked?table=products&key=7&source=monolith", body: undefined, requestId: expect.any(String) }]);
  });

  it("answers 404 PROXY_ERR_UNKNOWN_SERVICE naming the services with sync, and calls nothing", async () => {
    const answer = await request(app).post("/sync/monolith/parked/replay").send({ all: true }).expect(404);
    expect(answer.body.error).toEqual({ code: "PROXY_ERR_UNKNOWN_SERVICE", message: 'No service "monolith" with a syncStatusPath in the route table. Services with sync: catalog, billing, orders' });
    expect(received).toEqual([]);
  });

  it("replays one key or all, forwarding only what the service understands, and logs who asked and what came of it", async () => {
    const one = await request(app).post("/sync/catalog/parked/replay").set("x-actor", "ops-anna").send({ key: "7", table: "products" }).expect(200);
    expect(one.body).toEqual({ service: "catalog", replayed: 1, stillParked: 0 });
    await request(app).post("/sync/catalog/parked/replay").send({ all: true, actor: "ops-ben" }).expect(200);
    expect(received.map(({ method, url, body }) => ({ method, url, body }))).toEqual([
      { method: "POST", url: "/internal/sync/parked/replay", body: { key: "7", table: "products" } },
      { method: "POST", url: "/internal/sync/parked/replay", body: { all: true } },
    ]);
    const logged = lines.filter((line) => line.message === "parked changes replayed");
    expect(logged).toEqual([
      expect.objectContaining({ level: "info", service: "catalog", key: "7", table: "products", actor: "ops-anna", requestId: expect.any(String), result: { service: "catalog", replayed: 1, stillParked: 0 } }),
      expect.objectContaining({ service: "catalog", all: true, actor: "ops-ben" }),
    ]);
  });

  it("refuses a replay naming neither a key nor all with 400 PROXY_ERR_MALFORMED_BODY, without calling the service", async () => {
    const answer = await request(app).post("/sync/catalog/parked/replay").send({ everything: "please" }).expect(400);
    expect(answer.body.error.code).toBe("PROXY_ERR_MALFORMED_BODY");
    expect(answer.body.error.message).toContain('{"all": true');
    expect(received).toEqual([]);
  });

  it("discards a parked change with the reason and the actor, and logs it", async () => {
    const answer = await request(app)
      .post("/sync/catalog/parked/discard")
      .set("x-actor", "dashboard")
      .send({ key: '{"id":7}', table: "products", source: "monolith", reason: "  product deleted upstream  " })
      .expect(200);
    expect(answer.body).toEqual({ service: "catalog", discarded: 1, stillParked: 0 });
    expect(received.map(({ body }) => body)).toEqual([{ key: '{"id":7}', table: "products", source: "monolith", reason: "product deleted upstream", actor: "dashboard" }]);
    expect(lines.filter((line) => line.message === "parked change discarded")).toEqual([
      expect.objectContaining({ level: "info", service: "catalog", key: '{"id":7}', reason: "product deleted upstream", actor: "dashboard", result: { service: "catalog", discarded: 1, stillParked: 0 } }),
    ]);
  });

  it("refuses a discard without a reason (400, the field named), without calling the service", async () => {
    for (const body of [{ key: "7" }, { key: "7", reason: "   " }]) {
      const answer = await request(app).post("/sync/catalog/parked/discard").send(body).expect(400);
      expect(answer.body.error).toMatchObject({ code: "PROXY_ERR_MALFORMED_BODY", fields: [expect.objectContaining({ field: "reason" })] });
    }
    expect(received).toEqual([]);
  });

  it("answers a service's refusal as PROXY_ERR_SERVICE_REFUSED with its status and code, and logs the failed attempt", async () => {
    const answer = await request(app).post("/sync/catalog/parked/replay").set("x-actor", "ops-anna").send({ key: "locked" }).expect(409);
    expect(answer.body.error).toEqual({ code: "PROXY_ERR_SERVICE_REFUSED", message: "The catalog service refused: CATALOG_ERR_BUSY: the row is locked" });
    expect(lines.filter((line) => line.message === "parked change replay failed")).toEqual([
      expect.objectContaining({ level: "warn", actor: "ops-anna", key: "locked", error: expect.objectContaining({ code: "PROXY_ERR_SERVICE_REFUSED" }) }),
    ]);
  });

  it("answers 502 PROXY_ERR_SERVICE_UNREACHABLE when the service does not answer", async () => {
    const answer = await request(app).get("/sync/orders/parked").expect(502);
    expect(answer.body.error.code).toBe("PROXY_ERR_SERVICE_UNREACHABLE");
    expect(answer.body.error.message).toMatch(/Cannot reach the orders service at http:\/\/127\.0\.0\.1:\d+\/internal\/sync\/parked \(ECONNREFUSED\)/);
  });
});
