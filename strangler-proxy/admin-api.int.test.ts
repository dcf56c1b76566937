import { tempDir, type TempDir } from "../testing";
import { adminCall, rawRequest, startProxy, startTestUpstream, waitUntil, type StartedProxy, type TestUpstream } from "../testing/proxy";

let monolith: TestUpstream;
let catalog: TestUpstream;
let proxy: StartedProxy;
let dir: TempDir;

const upstreamOf = async (path: string, headers: Record<string, string> = {}) => (await rawRequest(proxy.url, { path, headers })).headers["x-upstream"];
const routeView = async (id: string) => (await adminCall(proxy, "GET", `/routes/${id}`)).json<{ stage: string; percent: number; requests: { monolith: number; service: number } }>();

beforeAll(async () => {
  [monolith, catalog] = await Promise.all([startTestUpstream("monolith"), startTestUpstream("catalog")]);
  dir = tempDir();
  proxy = await startProxy({
    dataDir: dir.path,
    config: {
      upstreams: [
        { name: "monolith", url: monolith.url, default: true },
        { name: "catalog", url: catalog.url },
      ],
      routes: [
        { id: "products-read", group: "catalog", methods: ["GET"], paths: ["/products", "/products/:id"], upstream: "catalog" },
        { id: "categories-read", group: "catalog", methods: ["GET"], paths: ["/categories"], upstream: "catalog" },
        { id: "orders", paths: ["/orders"], upstream: "catalog", stage: "canary", percent: 40 },
      ],
      stickiness: { header: "x-user-id" },
    },
  });
});

afterAll(async () => {
  await proxy?.close();
  await Promise.all([monolith, catalog].map((u) => u?.close()));
  dir?.remove();
});

describe("admin API authentication", () => {
  it("answers health and readiness without a token", async () => {
    expect((await adminCall(proxy, "GET", "/healthz", undefined, null)).status).toBe(200);
    const ready = await adminCall(proxy, "GET", "/readyz", undefined, null);
    expect(ready.status).toBe(200);
    expect(ready.json()).toMatchObject({ ready: true, upstreams: { monolith: "up", catalog: "up" } });
  });

  it("refuses a missing or wrong token with 401 and changes nothing", async () => {
    expect((await adminCall(proxy, "GET", "/routes", undefined, null)).status).toBe(401);
    const wrong = await adminCall(proxy, "PUT", "/routes/products-read/stage", { stage: "service" }, "wrong-token");
    expect(wrong.status).toBe(401);
    expect(wrong.json()).toMatchObject({ error: { code: "PROXY_ERR_UNAUTHORIZED" } });
    expect((await routeView("products-read")).stage).toBe("monolith");
  });
});

describe("moving routes at runtime", () => {
  it("lists every route with its stage, percentage, upstream and request counts", async () => {
    const res = await adminCall(proxy, "GET", "/routes");
    expect(res.status).toBe(200);
    const body = res.json<{ routes: Array<{ id: string; stage: string; percent: number; upstream: string }> }>();
    expect(body.routes.map((r) => [r.id, r.stage, r.percent, r.upstream])).toEqual([
      ["products-read", "monolith", 0, "catalog"],
      ["categories-read", "monolith", 0, "catalog"],
      ["orders", "canary", 40, "catalog"],
    ]);
  });

  it("sends a route to its service after PUT stage, without a restart", async () => {
    expect(await upstreamOf("/products/1")).toBe("monolith");
    const res = await adminCall(proxy, "PUT", "/routes/products-read/stage", { stage: "service", reason: "catalog ready" });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ routeId: "products-read", from: { stage: "monolith" }, to: { stage: "service", percent: 100 } });
    await waitUntil(async () => (await upstreamOf("/products/1")) === "catalog");
    expect((await routeView("products-read")).requests.service).toBeGreaterThan(0);
  });

  it("sends a route straight back to the monolith on rollback", async () => {
    const res = await adminCall(proxy, "POST", "/routes/products-read/rollback", { reason: "errors on catalog" });
    expect(res.json()).toMatchObject({ from: { stage: "service" }, to: { stage: "monolith" } });
    await waitUntil(async () => (await upstreamOf("/products/1")) === "monolith");
  });

  it("keeps each user on one side of a canary, and the share near the percentage", async () => {
    const users = Array.from({ length: 60 }, (_, i) => `user-${i}`);
    const first = await Promise.all(users.map((u) => upstreamOf("/orders", { "x-user-id": u })));
    const again = await Promise.all(users.map((u) => upstreamOf("/orders", { "x-user-id": u })));
    expect(again).toEqual(first);
    const inService = first.filter((side) => side === "catalog").length;
    expect(inService).toBeGreaterThan(5);
    expect(inService).toBeLessThan(55);
  });

  it("keeps canary users on the service when the percentage grows", async () => {
    const users = Array.from({ length: 60 }, (_, i) => `user-${i}`);
    const before = await Promise.all(users.map((u) => upstreamOf("/orders", { "x-user-id": u })));
    await adminCall(proxy, "PUT", "/routes/orders/stage", { stage: "canary", percent: 80 });
    await waitUntil(async () => (await routeView("orders")).percent === 80);
    const after = await Promise.all(users.map((u) => upstreamOf("/orders", { "x-user-id": u })));
    users.forEach((_, i) => {
      if (before[i] === "catalog") expect(after[i]).toBe("catalog");
    });
  });

  it("reports shadow while routing stays on the monolith (the mirror is a later issue)", async () => {
    await adminCall(proxy, "PUT", "/routes/categories-read/stage", { stage: "shadow" });
    await waitUntil(async () => (await routeView("categories-read")).stage === "shadow");
    expect(await upstreamOf("/categories")).toBe("monolith");
  });

  it("applies simultaneous changes one after another, each audited", async () => {
    const results = await Promise.all(
      [10, 20, 30].map((percent) => adminCall(proxy, "PUT", "/routes/orders/stage", { stage: "canary", percent, reason: `to ${percent}` })),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    // Serialised writes form one chain from the previous 80%: each change starts where another ended.
    const steps = results.map((r) => r.json<{ from: { percent: number }; to: { percent: number } }>());
    let current = 80;
    for (let i = 0; i < steps.length; i++) {
      const next = steps.find((step) => step.from.percent === current);
      expect(next).toBeDefined();
      current = next!.to.percent;
    }
    expect((await routeView("orders")).percent).toBe(current);
    const audit = (await adminCall(proxy, "GET", "/audit?route=orders&limit=3")).json<{ entries: Array<{ reason: string }> }>().entries;
    expect(audit.map((e) => e.reason).sort()).toEqual(["to 10", "to 20", "to 30"]);
  });

  it("moves a whole group together", async () => {
    const res = await adminCall(proxy, "PUT", "/groups/catalog/stage", { stage: "service" });
    expect(res.status).toBe(200);
    expect(res.json<{ changes: Array<{ routeId: string }> }>().changes.map((c) => c.routeId)).toEqual(["products-read", "categories-read"]);
    await waitUntil(async () => (await upstreamOf("/categories")) === "catalog" && (await upstreamOf("/products")) === "catalog");
  });

  it("records every change in the audit table: who, when, from what to what, why", async () => {
    const res = await adminCall(proxy, "GET", "/audit?route=products-read");
    const entries = res.json<{ entries: Array<{ actor: string; fromStage: string; toStage: string; reason: string | null; at: string }> }>().entries;
    expect(entries.map((e) => [e.fromStage, e.toStage])).toEqual([
      ["monolith", "service"],
      ["service", "monolith"],
      ["monolith", "service"],
      ["monolith", "monolith"],
    ]);
    expect(entries[2]).toMatchObject({ actor: "admin", reason: "catalog ready" });
    expect(entries[3]).toMatchObject({ actor: "config" });
    expect(Date.parse(entries[0].at)).not.toBeNaN();
  });
});

describe("validation", () => {
  it("answers 404 with the valid ids for an unknown route", async () => {
    const res = await adminCall(proxy, "PUT", "/routes/nope/stage", { stage: "service" });
    expect(res.status).toBe(404);
    expect(res.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: "PROXY_ERR_UNKNOWN_ROUTE" });
    expect(res.body).toContain("products-read, categories-read, orders");
  });

  it.each([
    ["an unknown stage", { stage: "retired" }],
    ["a percentage above 100", { stage: "canary", percent: 150 }],
    ["a canary without a percentage", { stage: "canary" }],
    ["an unknown field", { stage: "service", everywhere: true }],
  ])("answers 400 listing the valid choices for %s, and changes nothing", async (_name, body) => {
    const before = await routeView("orders");
    const res = await adminCall(proxy, "PUT", "/routes/orders/stage", body);
    expect(res.status).toBe(400);
    expect(res.json<{ error: { code: string; message: string } }>().error.code).toBe("PROXY_ERR_INVALID_STAGE");
    expect(res.body).toContain("monolith, shadow, canary, service");
    expect((await routeView("orders")).stage).toBe(before.stage);
  });

  it("answers 400 for a body that is not JSON", async () => {
    const res = await rawRequest(proxy.adminUrl, {
      method: "PUT",
      path: "/routes/orders/stage",
      headers: { authorization: `Bearer ${proxy.adminToken}`, "content-type": "application/json" },
      body: "{oops",
    });
    expect(res.status).toBe(400);
    expect(res.json<{ error: { code: string } }>().error.code).toBe("PROXY_ERR_MALFORMED_BODY");
  });
});

describe("metrics", () => {
  it("exposes requests by route, upstream and status, and a latency histogram", async () => {
    const res = await adminCall(proxy, "GET", "/metrics");
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/strangler_proxy_requests_total\{route="products-read",upstream="catalog",status="200"\} \d+/);
    expect(res.body).toContain("strangler_proxy_request_duration_seconds_bucket");
  });
});
