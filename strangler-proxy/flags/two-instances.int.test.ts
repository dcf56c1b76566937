import { tempDir, type TempDir } from "../../testing";
import { adminCall, rawRequest, startProxy, startTestUpstream, waitUntil, type StartedProxy, type TestUpstream } from "../../testing/proxy";

let monolith: TestUpstream;
let catalog: TestUpstream;
let hostDir: TempDir;
let readerDir: TempDir;
let host: StartedProxy;
let reader: StartedProxy;

const config = () => ({
  upstreams: [
    { name: "monolith", url: monolith.url, default: true },
    { name: "catalog", url: catalog.url },
  ],
  routes: [{ id: "products-read", methods: ["GET"], paths: ["/products/:id"], upstream: "catalog" }],
  // unleash-client retries a failed poll after back-offs capped by this timeout (1 s minimum).
  flags: { readyTimeoutMs: 2000, requestTimeoutMs: 1000 },
});
const upstreamVia = async (proxy: StartedProxy) => (await rawRequest(proxy.url, { path: "/products/1" })).headers["x-upstream"];

beforeAll(async () => {
  [monolith, catalog] = await Promise.all([startTestUpstream("monolith"), startTestUpstream("catalog")]);
  hostDir = tempDir();
  readerDir = tempDir();
  host = await startProxy({ config: config(), dataDir: hostDir.path, instance: "host" });
  reader = await startProxy({ config: config(), dataDir: readerDir.path, flagsUrl: host.flagsUrl, flagsToken: host.adminToken, instance: "reader" });
});

afterAll(async () => {
  for (const proxy of [reader, host]) await proxy?.close();
  await Promise.all([monolith, catalog].map((u) => u?.close()));
  hostDir?.remove();
  readerDir?.remove();
});

describe("two proxy instances sharing the embedded flag store", () => {
  it("both route to the monolith before any flip", async () => {
    expect(await upstreamVia(host)).toBe("monolith");
    expect(await upstreamVia(reader)).toBe("monolith");
  });

  it("agree after a flip made on the instance hosting the store", async () => {
    await adminCall(host, "PUT", "/routes/products-read/stage", { stage: "service" });
    await waitUntil(async () => (await upstreamVia(host)) === "catalog" && (await upstreamVia(reader)) === "catalog");
    const readerView = await adminCall(reader, "GET", "/routes/products-read");
    expect(readerView.json()).toMatchObject({ stage: "service", percent: 100 });
  });

  it("answers 409 on the reading instance, saying where flags are managed", async () => {
    const res = await adminCall(reader, "PUT", "/routes/products-read/stage", { stage: "monolith" });
    expect(res.status).toBe(409);
    expect(res.json<{ error: { code: string; message: string } }>().error.code).toBe("PROXY_ERR_FLAGS_MANAGED_ELSEWHERE");
    expect(res.body).toContain(host.flagsUrl);
  });

  it("serves the Unleash client API with an ETag and answers 304 when nothing changed", async () => {
    const headers = { authorization: host.adminToken };
    const first = await rawRequest(host.adminUrl, { path: "/api/client/features", headers });
    expect(first.status).toBe(200);
    expect(first.json<{ features: Array<{ name: string }> }>().features.map((f) => f.name)).toEqual([
      "strangler.route.products-read",
      "strangler.route.products-read.shadow",
    ]);
    const etag = String(first.headers.etag);
    const second = await rawRequest(host.adminUrl, { path: "/api/client/features", headers: { ...headers, "if-none-match": etag } });
    expect(second.status).toBe(304);
  });

  it("refuses the Unleash client API without a valid token", async () => {
    const res = await rawRequest(host.adminUrl, { path: "/api/client/features", headers: { authorization: "nope" } });
    expect(res.status).toBe(401);
  });

  it("keeps routing by the last known flags while the flag store is down, also across a restart", async () => {
    await host.close();
    expect(await upstreamVia(reader)).toBe("catalog");
    await reader.close();
    // A fresh process on the same data dir, with the store still down: the backup file decides.
    reader = await startProxy({ config: config(), dataDir: readerDir.path, flagsUrl: host.flagsUrl, flagsToken: host.adminToken, instance: "reader" });
    expect(await upstreamVia(reader)).toBe("catalog");
    // readyz reports the unreachable source once unleash-client has given up its retries; routing is unchanged.
    await waitUntil(async () => Boolean((await adminCall(reader, "GET", "/readyz")).json<{ flagSourceError?: unknown }>().flagSourceError), 8000, 50);
    expect(await upstreamVia(reader)).toBe("catalog");
  }, 15_000);

  it("keeps the flags of the store across a restart of the hosting instance", async () => {
    host = await startProxy({ config: config(), dataDir: hostDir.path, instance: "host" });
    expect((await adminCall(host, "GET", "/routes/products-read")).json()).toMatchObject({ stage: "service" });
    expect(await upstreamVia(host)).toBe("catalog");
  });
});
