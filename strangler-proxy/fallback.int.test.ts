import { startMonolith, tempDir, type RunningMonolith, type TempDir } from "../testing";
import { adminCall, rawRequest, startProxy, startVariantService, waitUntil, type StartedProxy, type VariantService } from "../testing/proxy";

interface Upstreams {
  upstreams: Array<{ upstream: string; state: string; opened: number }>;
}

let shop: RunningMonolith;
let catalog: VariantService;
let sleepy: VariantService;
let proxy: StartedProxy;
let dir: TempDir;

const breaker = async (name: string) => (await adminCall(proxy, "GET", "/upstreams")).json<Upstreams>().upstreams.find((u) => u.upstream === name)!;

beforeAll(async () => {
  shop = await startMonolith({ seed: { categories: 3, products: 12, customers: 2, orders: 2 } });
  [catalog, sleepy] = await Promise.all([
    startVariantService(shop.url, { transform: (body) => (Array.isArray(body) ? body : { ...(body as object), servedBy: "catalog" }) }),
    startVariantService(shop.url, { delayMs: 5000 }),
  ]);
  dir = tempDir();
  proxy = await startProxy({
    dataDir: dir.path,
    config: {
      upstreams: [
        { name: "monolith", url: shop.url, default: true },
        { name: "catalog", url: catalog.url, breaker: { failureThreshold: 3, coolDownMs: 100 } },
        { name: "sleepy", url: sleepy.url, timeoutMs: 200, breaker: { failureThreshold: 100 } },
      ],
      routes: [
        { id: "products", paths: ["/products", "/products/:id"], upstream: "catalog", stage: "service" },
        { id: "categories", paths: ["/categories/:id"], upstream: "sleepy", stage: "service" },
      ],
    },
  });
});

afterAll(async () => {
  await proxy?.close();
  await Promise.all([catalog?.close(), sleepy?.close()]);
  await shop?.close();
  dir?.remove();
});

describe("fallback and circuit breaker", () => {
  it("serves a route from its service while it is up", async () => {
    expect((await rawRequest(proxy.url, { path: "/products/1" })).json()).toMatchObject({ servedBy: "catalog" });
  });

  it("answers a GET from the monolith when the service does not answer in time", async () => {
    const direct = await rawRequest(shop.url, { path: "/categories/1" });
    const res = await rawRequest(proxy.url, { path: "/categories/1" });
    expect({ status: res.status, body: res.json() }).toEqual({ status: direct.status, body: direct.json() });
  });

  it("loses no GET while the service is killed under load, opens the breaker, and closes it once the service is back", async () => {
    const statuses: number[] = [];
    let killed = false;
    const worker = async () => {
      for (let i = 0; i < 25; i++) {
        const res = await rawRequest(proxy.url, { path: `/products/${(i % 10) + 1}` });
        statuses.push(res.status);
        if (statuses.length === 40 && !killed) {
          killed = true;
          await catalog.kill();
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(killed).toBe(true);
    expect(statuses).toHaveLength(200);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect((await breaker("catalog")).opened).toBeGreaterThanOrEqual(1);
    expect(["open", "half-open"]).toContain((await breaker("catalog")).state);
    const metrics = (await adminCall(proxy, "GET", "/metrics")).body;
    expect(metrics).toMatch(/strangler_proxy_fallbacks_total\{route="products",upstream="catalog",cause="[a-z-]+"\} [1-9]/);
    expect(metrics).toMatch(/strangler_proxy_breaker_state\{upstream="catalog"\} [12]/);

    await catalog.revive();
    await waitUntil(async () => (await breaker("catalog")).state === "closed", 5000, 20);
    expect((await rawRequest(proxy.url, { path: "/products/2" })).json()).toMatchObject({ servedBy: "catalog" });
    expect((await adminCall(proxy, "GET", "/routes/products")).json()).toMatchObject({ breaker: "closed" });
  });

  it("does not retry a write without Idempotency-Key: 502 PROXY_ERR_NOT_RETRIED", async () => {
    await catalog.kill();
    try {
      const res = await rawRequest(proxy.url, { method: "POST", path: "/products", headers: { "content-type": "application/json" }, body: "{}" });
      expect(res.status).toBe(502);
      expect(res.json<{ error: { code: string } }>().error.code).toBe("PROXY_ERR_NOT_RETRIED");
    } finally {
      await catalog.revive();
      expect((await rawRequest(proxy.url, { path: "/products/1" })).json()).toMatchObject({ servedBy: "catalog" });
    }
  });

  it("retries a write with Idempotency-Key on the monolith when the service answers 503 x-strangler-not-committed: 1, and passes that retryable 503 through without the key", async () => {
    catalog.behave({ respond: (req) => (req.method === "POST" ? { status: 503, headers: { "x-strangler-not-committed": "1", "retry-after": "1", "x-leak": "service" }, body: "busy" } : undefined) });
    try {
      const body = JSON.stringify({ sku: "X-2", name: "Desk", priceCents: 100 });
      const headers = { "content-type": "application/json" };
      const direct = await rawRequest(shop.url, { method: "POST", path: "/products", headers, body });
      const retried = await rawRequest(proxy.url, { method: "POST", path: "/products", headers: { ...headers, "idempotency-key": "k-2" }, body });
      expect({ status: retried.status, body: retried.json() }).toEqual({ status: direct.status, body: direct.json() });
      expect(retried.headers["x-leak"]).toBeUndefined();
      const refused = await rawRequest(proxy.url, { method: "POST", path: "/products", headers, body });
      expect({ status: refused.status, retryAfter: refused.headers["retry-after"], body: refused.body }).toEqual({ status: 503, retryAfter: "1", body: "busy" });
      // Deliberate refusals do not open the breaker: the service answered, and said nothing was committed.
      for (let i = 0; i < 6; i++) await rawRequest(proxy.url, { method: "POST", path: "/products", headers, body });
      expect((await adminCall(proxy, "GET", "/upstreams")).json<Upstreams>().upstreams[0]).toMatchObject({ upstream: "catalog", state: "closed" });
    } finally {
      catalog.behave({ transform: (body) => (Array.isArray(body) ? body : { ...(body as object), servedBy: "catalog" }) });
      // A success resets the breaker's count of consecutive failures for the next test.
      expect((await rawRequest(proxy.url, { path: "/products/1" })).json()).toMatchObject({ servedBy: "catalog" });
    }
  });

  it("retries a write with Idempotency-Key on the monolith when the service refused the connection (nothing was sent)", async () => {
    await catalog.kill();
    try {
      const body = JSON.stringify({ sku: "X-1", name: "Lamp", priceCents: 100 });
      const headers = { "content-type": "application/json", "idempotency-key": "k-1" };
      const direct = await rawRequest(shop.url, { method: "POST", path: "/products", headers, body });
      const res = await rawRequest(proxy.url, { method: "POST", path: "/products", headers, body });
      expect({ status: res.status, body: res.json() }).toEqual({ status: direct.status, body: direct.json() });
      expect((await adminCall(proxy, "GET", "/upstreams")).json<Upstreams>().upstreams[0]).toMatchObject({ upstream: "catalog", state: "closed" });
    } finally {
      await catalog.revive();
    }
  });
});
