import type { IncomingMessage, ServerResponse } from "node:http";
import { httpOnFreePort, tempDir, type RunningHttp, type TempDir } from "../testing";
import { adminCall, rawRequest, startProxy, startTestUpstream, type EchoedRequest, type RawResponse, type StartedProxy, type TestUpstream } from "../testing/proxy";

/**
 * The proxy's side of read-your-writes against upstreams it knows only by URL: the monolith (an echo
 * upstream), a relay answering the monolith's log head, and a service answering its routes, its
 * sync status and its own head, each with positions the test sets. The whole chain with a real
 * relay, broker and consumer is e2e/read-your-writes.e2e.test.ts.
 */

interface SyncState {
  monolithHead: number;
  /** 503 from the relay's head endpoint. */
  headDown: boolean;
  /** What the service's status says it applied of CDC_MONOLITH. */
  applied: number | null;
  parked: number;
  headReads: number;
  statusReads: number;
}

const state: SyncState = { monolithHead: 0, headDown: false, applied: null, parked: 0, headReads: 0, statusReads: 0 };
let monolith: TestUpstream;
let relay: RunningHttp;
let service: RunningHttp;
const dirs: TempDir[] = [];

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  monolith = await startTestUpstream("monolith");
  relay = await httpOnFreePort((_req, res) => {
    state.headReads += 1;
    if (state.headDown) return json(res, 503, { error: { code: "RELAY_ERR_HEAD_UNAVAILABLE", message: "down" } });
    json(res, 200, { source: "monolith", stream: "CDC_MONOLITH", position: state.monolithHead });
  });
  service = await httpOnFreePort((req: IncomingMessage, res: ServerResponse) => {
    if (req.url === "/internal/sync/status") {
      state.statusReads += 1;
      return json(res, 200, {
        service: "catalog",
        streams: [{ stream: "CDC_MONOLITH", running: true, backlog: 0, lastAppliedPosition: state.applied ?? 0, appliedThroughPosition: state.applied, lagP99Ms: null, heartbeatLagMs: null, parked: state.parked }],
      });
    }
    if (req.url === "/internal/sync/head") return json(res, 200, { source: "catalog", stream: "CDC_CATALOG", position: 0 });
    const echoed: EchoedRequest = { upstream: "catalog", method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: "" };
    res.writeHead(200, { "content-type": "application/json", "x-upstream": "catalog" });
    res.end(JSON.stringify(echoed));
  });
});

afterAll(async () => {
  await Promise.all([monolith?.close(), relay?.close(), service?.close()]);
  for (const dir of dirs) dir.remove();
});

beforeEach(() => Object.assign(state, { monolithHead: 0, headDown: false, applied: null, parked: 0, headReads: 0, statusReads: 0 }));

const table = (readYourWrites: Record<string, unknown> | undefined) => ({
  upstreams: [
    { name: "monolith", url: monolith.url, default: true, syncHeadUrl: `${relay.url}/internal/sync/head` },
    { name: "catalog", url: service.url, syncStatusPath: "/internal/sync/status", syncHeadUrl: "/internal/sync/head" },
  ],
  routes: [{ id: "products-read", methods: ["GET"], paths: ["/products/:id"], upstream: "catalog", stage: "service", ...(readYourWrites ? { readYourWrites } : {}) }],
  stickiness: { header: "x-user-id", sessionCookie: "sid" },
  readYourWrites: { statusPollMs: 10 },
});

async function proxyWith(readYourWrites: Record<string, unknown> | undefined): Promise<StartedProxy> {
  const dir = tempDir("ryw-proxy-");
  dirs.push(dir);
  return startProxy({ config: table(readYourWrites), dataDir: dir.path });
}

const write = (proxy: StartedProxy, user: string, cookie?: string) => rawRequest(proxy.url, { method: "POST", path: "/cart/items", headers: { "x-user-id": user, "content-type": "application/json", ...(cookie ? { cookie } : {}) }, body: "{}" });
const read = (proxy: StartedProxy, user: string, cookie?: string) => rawRequest(proxy.url, { path: "/products/1", headers: { "x-user-id": user, ...(cookie ? { cookie } : {}) } });
const cookieOf = (answer: RawResponse) => {
  const set = answer.headers["set-cookie"];
  return (Array.isArray(set) ? set[0] : set)?.split(";")[0];
};
const metric = async (proxy: StartedProxy, prefix: string) => {
  const text = (await adminCall(proxy, "GET", "/metrics")).body;
  return text
    .split("\n")
    .filter((line) => line.startsWith(prefix))
    .reduce((sum, line) => sum + Number(line.split(" ").pop()), 0);
};

describe("read-your-writes in the proxy", () => {
  it("costs routes without the option nothing: no head read, no cookie, reads go where the flag says", async () => {
    const proxy = await proxyWith(undefined);
    try {
      state.monolithHead = 10;
      const written = await write(proxy, "u1");
      expect(written.status).toBe(200);
      expect(written.headers["set-cookie"]).toBeUndefined();
      expect((await read(proxy, "u1")).headers["x-upstream"]).toBe("catalog");
      expect(state.headReads).toBe(0);
      expect(state.statusReads).toBe(0);
    } finally {
      await proxy.close();
    }
  });

  it("route-to-owner: after a write, the client's reads go to the monolith until the service applied its head, then to the service", async () => {
    const proxy = await proxyWith({ mode: "route-to-owner" });
    try {
      state.monolithHead = 40;
      state.applied = 39;
      const written = await write(proxy, "u1");
      expect(written.status).toBe(200);
      expect(state.headReads).toBe(1);
      const cookie = cookieOf(written);
      expect(cookie).toMatch(/^strangler_ryw=v1\./);
      expect((await read(proxy, "u1", cookie)).headers["x-upstream"]).toBe("monolith");
      // Another client never wrote: the service serves it.
      expect((await read(proxy, "u2")).headers["x-upstream"]).toBe("catalog");
      state.applied = 40;
      // The held read asked for a fresher status; the next reads find it.
      let servedBy: unknown;
      for (let tries = 0; tries < 200 && servedBy !== "catalog"; tries++) servedBy = (await read(proxy, "u1", cookie)).headers["x-upstream"];
      expect(servedBy).toBe("catalog");
      expect(await metric(proxy, 'strangler_proxy_read_your_writes_total{route="products-read",outcome="redirected"}')).toBeGreaterThanOrEqual(1);
    } finally {
      await proxy.close();
    }
  });

  it("keeps the watermark by sticky key too (a client without cookies), and a parked change holds reads back", async () => {
    const proxy = await proxyWith({ mode: "route-to-owner" });
    try {
      state.monolithHead = 7;
      state.applied = 7;
      state.parked = 1;
      await write(proxy, "api-client");
      expect((await read(proxy, "api-client")).headers["x-upstream"]).toBe("monolith");
    } finally {
      await proxy.close();
    }
  });

  it("never forwards its own cookie to an upstream, and keeps the client's other cookies as they were", async () => {
    const proxy = await proxyWith({ mode: "route-to-owner" });
    try {
      state.monolithHead = 3;
      const cookie = cookieOf(await write(proxy, "u1"))!;
      const both = await rawRequest(proxy.url, { path: "/other", headers: { cookie: `a=1; ${cookie}; b=2` } });
      expect(both.json<EchoedRequest>().headers.cookie).toBe("a=1; b=2");
      const onlyOurs = await rawRequest(proxy.url, { path: "/other", headers: { cookie } });
      expect(onlyOurs.json<EchoedRequest>().headers.cookie).toBeUndefined();
      const untouched = await rawRequest(proxy.url, { path: "/other", headers: { cookie: "a=1;b=2" } });
      expect(untouched.json<EchoedRequest>().headers.cookie).toBe("a=1;b=2");
    } finally {
      await proxy.close();
    }
  });

  it("answers the write when the head cannot be read, and sends the client's reads to the side that took it", async () => {
    const proxy = await proxyWith({ mode: "wait", maxWaitMs: 2000 });
    try {
      state.headDown = true;
      state.applied = 1_000_000;
      const written = await write(proxy, "u1");
      expect(written.status).toBe(200);
      expect((await read(proxy, "u1", cookieOf(written))).headers["x-upstream"]).toBe("monolith");
      // Not waited for (no position could ever prove the service has it): sent to the owner at once.
      expect(await metric(proxy, 'strangler_proxy_read_your_writes_total{route="products-read",outcome="redirected"}')).toBe(1);
      expect(await metric(proxy, 'strangler_proxy_read_your_writes_wait_seconds_count')).toBe(0);
      expect(await metric(proxy, 'strangler_proxy_read_your_writes_head_failures_total{upstream="monolith"}')).toBe(1);
    } finally {
      await proxy.close();
    }
  });

  it("wait: holds the read until the service applied the write, then serves it from the service", async () => {
    const proxy = await proxyWith({ mode: "wait", maxWaitMs: 10_000 });
    try {
      state.monolithHead = 12;
      state.applied = 11;
      const cookie = cookieOf(await write(proxy, "u1"));
      const pending = read(proxy, "u1", cookie);
      // The read is held while the status says 11; it goes on once the status says 12.
      while (state.statusReads < 2) await new Promise((resolve) => setTimeout(resolve, 10));
      state.applied = 12;
      expect((await pending).headers["x-upstream"]).toBe("catalog");
      expect(await metric(proxy, 'strangler_proxy_read_your_writes_total{route="products-read",outcome="waited"}')).toBe(1);
      expect(await metric(proxy, 'strangler_proxy_read_your_writes_wait_seconds_count{route="products-read"}')).toBe(1);
    } finally {
      await proxy.close();
    }
  });

  it("wait: goes to the owner after maxWaitMs when the service does not catch up", async () => {
    const proxy = await proxyWith({ mode: "wait", maxWaitMs: 200 });
    try {
      state.monolithHead = 12;
      state.applied = 5;
      const cookie = cookieOf(await write(proxy, "u1"));
      expect((await read(proxy, "u1", cookie)).headers["x-upstream"]).toBe("monolith");
      expect(await metric(proxy, 'strangler_proxy_read_your_writes_total{route="products-read",outcome="waited_then_owner"}')).toBe(1);
    } finally {
      await proxy.close();
    }
  });
});
