import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startMonolith, tempDir, type RunningMonolith, type TempDir } from "../testing";
import { adminCall, rawRequest, startProxy, startVariantService, waitUntil, type StartedProxy, type VariantService } from "../testing/proxy";

interface Report {
  samples: number;
  matchRate: number | null;
  counters: { matched: number; mismatched: number; errored: number; skipped: number; noise: number; skippedBy: Record<string, number> };
  topDifferingPaths: Array<{ path: string; count: number }>;
  noisyPaths: string[];
  recentMismatches: Array<{ outcome: string; method: string; path: string; differences: Array<{ path: string; primary: unknown; candidate: unknown }>; primary: { status: number; body: string } }>;
}

let shop: RunningMonolith;
let noisyShop: Server;
let noisyShopUrl: string;
let changed: VariantService;
let extra: VariantService;
let slow: VariantService;
let noisy: VariantService;
let proxy: StartedProxy;
let dir: TempDir;

const report = async (routeId: string) => (await adminCall(proxy, "GET", `/routes/${routeId}/shadow-report`)).json<Report>();
const get = (path: string, headers: Record<string, string> = {}) => rawRequest(proxy.url, { path, headers });

/** The monolith behind a wrapper that stamps `/inventory/*` answers with a fresh `stamp`: a monolith that disagrees with itself. */
function startNoisyShop(baseUrl: string): Promise<Server> {
  let counter = 0;
  const server = createServer((req, res) => {
    const headers = { ...req.headers };
    delete headers.host;
    const out = request(new URL(req.url ?? "/", baseUrl), { method: req.method, headers, agent: false }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on("data", (chunk: Buffer) => chunks.push(chunk));
      answer.on("end", () => {
        let body = Buffer.concat(chunks);
        const outHeaders = { ...answer.headers };
        if (req.url?.startsWith("/inventory/") && answer.statusCode === 200) {
          body = Buffer.from(JSON.stringify({ ...JSON.parse(body.toString("utf8")), stamp: `${process.pid}-${++counter}` }));
          outHeaders["content-length"] = String(body.length);
        }
        res.writeHead(answer.statusCode ?? 500, outHeaders);
        res.end(body);
      });
    });
    req.pipe(out);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

beforeAll(async () => {
  shop = await startMonolith({ seed: { categories: 3, products: 12, customers: 2, orders: 2 } });
  noisyShop = await startNoisyShop(shop.url);
  noisyShopUrl = `http://127.0.0.1:${(noisyShop.address() as AddressInfo).port}`;
  [changed, extra, slow, noisy] = await Promise.all([
    // Answers like the monolith, but with a different product name.
    startVariantService(shop.url, { transform: (body) => ({ ...(body as object), name: "renamed by the service" }) }),
    // Answers like the monolith plus a field the route ignores.
    startVariantService(shop.url, { transform: (body) => (Array.isArray(body) ? body : { ...(body as object), servedBy: "catalog" }) }),
    startVariantService(shop.url, { delayMs: 5000 }),
    // Its own stamp differs from the monolith's, as a second monolith answer's would.
    startVariantService(noisyShopUrl, {}),
  ]);
  dir = tempDir();
  const shadow = { stage: "shadow" as const, methods: ["GET", "POST"] };
  proxy = await startProxy({
    dataDir: dir.path,
    config: {
      upstreams: [
        { name: "monolith", url: noisyShopUrl, default: true },
        { name: "changed", url: changed.url },
        { name: "extra", url: extra.url },
        { name: "slow", url: slow.url },
        { name: "noisy", url: noisy.url },
        { name: "dead", url: "http://127.0.0.1:9" },
      ],
      routes: [
        { ...shadow, id: "products-read", paths: ["/products/:id"], upstream: "changed", shadow: { mirrorWrites: false } },
        { ...shadow, id: "categories-read", paths: ["/categories", "/categories/:id"], upstream: "extra", diff: { ignorePaths: ["$.servedBy"] } },
        { ...shadow, id: "orders-slow", paths: ["/orders/:id"], upstream: "slow", shadow: { timeoutMs: 300 } },
        { ...shadow, id: "customers-dead", paths: ["/customers/:id"], upstream: "dead" },
        { ...shadow, id: "inventory-baseline", paths: ["/inventory/:id"], when: { headers: { "x-variant": "baseline" } }, upstream: "noisy", diff: { noiseBaseline: true } },
        { ...shadow, id: "inventory-plain", paths: ["/inventory/:id"], upstream: "noisy" },
        { ...shadow, id: "products-write", methods: ["POST"], paths: ["/products"], upstream: "changed", shadow: { mirrorWrites: true, maxBodyBytes: 400 } },
        { ...shadow, id: "export", paths: ["/export/products.csv"], upstream: "extra", shadow: { percent: 0 } },
      ],
      shadowStore: { flushIntervalMs: 20 },
    },
  });
});

afterAll(async () => {
  await proxy?.close();
  await Promise.all([changed, extra, slow, noisy].map((v) => v?.close()));
  await new Promise((resolve) => noisyShop?.close(resolve));
  await shop?.close();
  dir?.remove();
});

describe("shadow traffic", () => {
  it("answers the client from the monolith and records the service's different field with its path", async () => {
    const direct = await rawRequest(shop.url, { path: "/products/3" });
    const res = await get("/products/3");
    expect(res.status).toBe(200);
    expect(res.json()).toEqual(direct.json());
    await waitUntil(async () => (await report("products-read")).counters.mismatched === 1);
    const body = await report("products-read");
    expect(body.topDifferingPaths).toEqual([{ path: "$.name", count: 1 }]);
    expect(body.matchRate).toBe(0);
    const [mismatch] = body.recentMismatches;
    expect(mismatch).toMatchObject({ outcome: "mismatch", method: "GET", path: "/products/3" });
    expect(mismatch.differences).toEqual([{ path: "$.name", primary: direct.json<{ name: string }>().name, candidate: "renamed by the service" }]);
    expect(JSON.parse(mismatch.primary.body)).toEqual(direct.json());
  });

  it("marks the copy as shadow traffic with x-strangler-shadow: 1, and a client cannot forge the mark", async () => {
    await get("/products/4", { "x-strangler-shadow": "forged" });
    await waitUntil(() => changed.received.some((r) => r.url === "/products/4"));
    expect(changed.received.find((r) => r.url === "/products/4")!.headers["x-strangler-shadow"]).toBe("1");
  });

  it("counts a difference only in an ignored field as a match", async () => {
    await get("/categories/1");
    await get("/categories");
    await waitUntil(async () => (await report("categories-read")).samples === 2);
    const body = await report("categories-read");
    expect(body.counters).toMatchObject({ matched: 2, mismatched: 0 });
    expect(body.matchRate).toBe(1);
    expect(extra.received.length).toBeGreaterThanOrEqual(2);
  });

  it("does not count a field where the monolith disagrees with itself (noise baseline)", async () => {
    await get("/inventory/2", { "x-variant": "baseline" });
    await get("/inventory/2");
    await waitUntil(async () => (await report("inventory-baseline")).samples === 1 && (await report("inventory-plain")).samples === 1);
    const withBaseline = await report("inventory-baseline");
    expect(withBaseline.counters).toMatchObject({ matched: 1, mismatched: 0, noise: 1 });
    expect(withBaseline.noisyPaths).toEqual(["$.stamp"]);
    // The same answers without a baseline: the stamp is a mismatch.
    expect((await report("inventory-plain")).topDifferingPaths).toEqual([{ path: "$.stamp", count: 1 }]);
  });

  it("answers at the monolith's pace while the service sleeps 5 s, then counts the copy as errored after its timeout", async () => {
    const direct = await rawRequest(shop.url, { path: "/orders/1" });
    const started = Date.now();
    const res = await get("/orders/1");
    // The service sleeps 5 s on its copy: an answer before that did not wait for it.
    expect(Date.now() - started).toBeLessThan(5000);
    expect({ status: res.status, body: res.body }).toEqual({ status: direct.status, body: direct.body });
    await waitUntil(() => slow.received.some((r) => r.url === "/orders/1"));
    await waitUntil(async () => (await report("orders-slow")).counters.errored === 1);
    const [record] = (await report("orders-slow")).recentMismatches;
    expect(record.outcome).toBe("errored");
    expect(String(record.differences[0].candidate)).toMatch(/timeout after 300 ms/);
  });

  it("answers the client when the service is down and counts the copy as errored", async () => {
    const direct = await rawRequest(shop.url, { path: "/customers/1" });
    const res = await get("/customers/1");
    expect(res.status).toBe(direct.status);
    await waitUntil(async () => (await report("customers-dead")).counters.errored === 1);
  });

  it("does not mirror writes unless the route opts in, and skips (counting) bodies above maxBodyBytes", async () => {
    const before = changed.received.filter((r) => r.method === "POST").length;
    const small = await rawRequest(proxy.url, { method: "POST", path: "/products", headers: { "content-type": "application/json" }, body: JSON.stringify({ n: 1 }) });
    const large = await rawRequest(proxy.url, { method: "POST", path: "/products", headers: { "content-type": "application/json" }, body: JSON.stringify({ n: "x".repeat(1000) }) });
    expect(small.status).toBe(large.status);
    await waitUntil(async () => (await report("products-write")).samples + (await report("products-write")).counters.skipped === 2);
    const body = await report("products-write");
    expect(body.counters.skippedBy).toEqual({ "request-too-large": 1 });
    expect(changed.received.filter((r) => r.method === "POST").length - before).toBe(1);

    // products-read (GET and POST, no mirrorWrites) never sends a write to its service.
    await rawRequest(proxy.url, { method: "POST", path: "/products/3", headers: { "content-type": "application/json" }, body: "{}" });
    await waitUntil(async () => (await report("products-read")).counters.skippedBy["write-not-mirrored"] === 1);
    expect(changed.received.some((r) => r.method === "POST" && r.url === "/products/3")).toBe(false);
  });

  it("skips (counting) the requests the sampling percentage leaves out", async () => {
    await get("/export/products.csv");
    await waitUntil(async () => (await report("export")).counters.skipped === 1);
    expect((await report("export")).counters.skippedBy).toEqual({ "sampled-out": 1 });
  });

  it("exposes shadow counters and the match rate as metrics", async () => {
    const text = (await adminCall(proxy, "GET", "/metrics")).body;
    expect(text).toMatch(/strangler_proxy_shadow_total\{route="products-read",outcome="mismatched"\} [1-9]/);
    expect(text).toMatch(/strangler_proxy_shadow_match_rate\{route="categories-read"\} 1/);
  });
});
