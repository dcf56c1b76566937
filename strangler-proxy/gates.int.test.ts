import type { SyncStatus } from "../contracts";
import { startMonolith, tempDir, type RunningMonolith, type TempDir } from "../testing";
import { adminCall, rawRequest, startProxy, startVariantService, waitUntil, type StartedProxy, type VariantService } from "../testing/proxy";

interface Gate {
  allowed: boolean;
  next: { stage: string } | null;
  reasons: string[];
  checks: Array<{ name: string; applicable: boolean; passed: boolean; detail: string }>;
}

const syncStatus = (lagP99Ms: number): SyncStatus => ({
  service: "catalog",
  streams: [{ stream: "CDC_MONOLITH", running: true, backlog: 3, lastAppliedPosition: 40, lagP99Ms, heartbeatLagMs: 12, parked: 0 }],
});

let shop: RunningMonolith;
let catalog: VariantService;
let other: VariantService;
let proxy: StartedProxy;
let dir: TempDir;

const gate = async (id: string) => (await adminCall(proxy, "GET", `/routes/${id}/gate`)).json<Gate>();
const samples = async (id: string) => (await adminCall(proxy, "GET", `/routes/${id}/shadow-report`)).json<{ samples: number }>().samples;

beforeAll(async () => {
  shop = await startMonolith({ seed: { categories: 3, products: 12, customers: 2, orders: 2 } });
  [catalog, other] = await Promise.all([startVariantService(shop.url, { syncStatus: syncStatus(9000) }), startVariantService(shop.url)]);
  dir = tempDir();
  proxy = await startProxy({
    dataDir: dir.path,
    config: {
      upstreams: [
        { name: "monolith", url: shop.url, default: true },
        { name: "catalog", url: catalog.url, syncStatusPath: "/internal/sync/status" },
        { name: "other", url: other.url },
      ],
      routes: [
        { id: "products", methods: ["GET"], paths: ["/products/:id"], upstream: "catalog", stage: "shadow" },
        { id: "categories", methods: ["GET"], paths: ["/categories/:id"], upstream: "other", stage: "shadow" },
      ],
      gates: { enforce: true, minSamples: 5, minMatchRate: 0.9, maxSyncLagMs: 1000 },
      shadowStore: { flushIntervalMs: 20 },
    },
  });
});

afterAll(async () => {
  await proxy?.close();
  await Promise.all([catalog?.close(), other?.close()]);
  await shop?.close();
  dir?.remove();
});

describe("promotion gates", () => {
  it("refuses shadow → canary without enough samples, with the reason, and changes nothing", async () => {
    expect(await gate("categories")).toMatchObject({ allowed: false, next: { stage: "canary" } });
    const res = await adminCall(proxy, "PUT", "/routes/categories/stage", { stage: "canary", percent: 10 });
    expect(res.status).toBe(409);
    expect(res.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: "PROXY_ERR_GATE_REFUSED", message: expect.stringMatching(/0 compared shadow requests \(need 5\)/) });
    expect((await adminCall(proxy, "GET", "/routes/categories")).json()).toMatchObject({ stage: "shadow" });
  });

  it("says the lag gate is not applicable when the service publishes no sync status, and opens once the samples match", async () => {
    for (let i = 1; i <= 5; i++) await rawRequest(proxy.url, { path: `/categories/${(i % 3) + 1}` });
    await waitUntil(async () => (await samples("categories")) === 5);
    const verdict = await gate("categories");
    expect(verdict.checks.find((c) => c.name === "sync-lag")).toMatchObject({ applicable: false, detail: expect.stringMatching(/not applicable/) });
    expect(verdict).toMatchObject({ allowed: true, reasons: [] });
    expect((await adminCall(proxy, "PUT", "/routes/categories/stage", { stage: "canary", percent: 10 })).status).toBe(200);
  });

  it("mirrors the users a canary leaves on the monolith", async () => {
    // Wait until this instance routes by the canary flag: some user reaches the service.
    let probe = 0;
    const servedByService = async () => (await adminCall(proxy, "GET", "/routes/categories")).json<{ requests: { service: number } }>().requests.service;
    await waitUntil(async () => {
      await rawRequest(proxy.url, { path: "/categories/1", headers: { cookie: `sid=probe-${probe++}` } });
      return (await servedByService()) > 0;
    }, 30_000, 1);
    await waitUntil(async () => (await samples("categories")) + (await servedByService()) === 5 + probe);
    const before = await samples("categories");
    const users = Array.from({ length: 20 }, (_, i) => `user-${i}`);
    for (const user of users) await rawRequest(proxy.url, { path: "/categories/1", headers: { cookie: `sid=${user}` } });
    // At 10%, most of the 20 users stay on the monolith and are mirrored; the service's users are not.
    await waitUntil(async () => (await samples("categories")) - before >= 10);
    expect((await samples("categories")) - before).toBeLessThan(20);
  });

  it("refuses a move while the service's sync lag is above the threshold, and says so", async () => {
    for (let i = 1; i <= 5; i++) await rawRequest(proxy.url, { path: `/products/${i}` });
    await waitUntil(async () => (await samples("products")) === 5);
    const verdict = await gate("products");
    expect(verdict.allowed).toBe(false);
    expect(verdict.reasons).toEqual(["sync lag p99 9000 ms, backlog 3 (need ≤ 1000 ms)"]);
    catalog.behave({ syncStatus: syncStatus(40) });
    expect(await gate("products")).toMatchObject({ allowed: true });
  });

  it("lets a forced move through and records it as forced in the audit", async () => {
    catalog.behave({ syncStatus: syncStatus(9000) });
    const res = await adminCall(proxy, "PUT", "/routes/products/stage", { stage: "service", force: true, reason: "incident drill" });
    expect(res.status).toBe(200);
    const audit = (await adminCall(proxy, "GET", "/audit?route=products&limit=1")).json<{ entries: Array<{ reason: string; toStage: string }> }>();
    expect(audit.entries[0].reason).toMatch(/^forced past the gate \(.*sync lag p99 9000 ms.*\): incident drill$/);
  });

  it("never gates a move back towards the monolith", async () => {
    expect((await adminCall(proxy, "POST", "/routes/products/rollback", {})).status).toBe(200);
    expect((await adminCall(proxy, "PUT", "/routes/categories/stage", { stage: "shadow" })).status).toBe(200);
  });
});
