import { adminCall, rawRequest, startProxy, startTestUpstream, tempDir, waitUntil, type StartedProxy, type TempDir, type TestUpstream } from "../testing";

// Writes of a write group move only through the cut-over: never one route at a time, never by a
// plain group stage change; only the holder of the group's live fence lease moves it, 0 % → 100 %.
// Waits on conditions (flag propagation, lease expiry) with room for a busy 2-core machine.
jest.setTimeout(60_000);

let monolith: TestUpstream;
let catalog: TestUpstream;
let dir: TempDir;
let proxy: StartedProxy;

const MOVE_WITH =
  "its writes move only with `npx strangler cutover catalog-writes --to service|monolith` (fence, drain, verify, flip; docs/write-path.md)";

interface AuditEntry {
  actor: string;
  routeId: string;
  fromStage: string;
  toStage: string;
  reason: string | null;
}

const stages = async () =>
  Object.fromEntries((await adminCall(proxy, "GET", "/routes")).json<{ routes: Array<{ id: string; stage: string }> }>().routes.map((route) => [route.id, route.stage]));
const auditCount = async () => (await adminCall(proxy, "GET", "/audit?limit=1000")).json<{ entries: AuditEntry[] }>().entries.length;
const upstreamOfWrite = async () => (await rawRequest(proxy.url, { method: "POST", path: "/products", headers: { "content-type": "application/json" }, body: "{}" })).headers["x-upstream"];
const groupStage = (body: unknown) => adminCall(proxy, "PUT", "/groups/catalog-writes/stage", body);
const errorOf = (res: { json<T>(): T }) => res.json<{ error: { code: string; message: string } }>().error;

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
        { id: "products-write", group: "catalog-writes", writes: true, methods: ["POST", "PATCH", "DELETE"], paths: ["/products", "/products/:id"], upstream: "catalog" },
        { id: "categories-write", group: "catalog-writes", writes: true, methods: ["POST", "PATCH", "DELETE"], paths: ["/categories", "/categories/:id"], upstream: "catalog" },
      ],
      // Enforced gates with no shadow samples: every gated move towards the service would be refused.
      gates: { enforce: true, minSamples: 100 },
    },
  });
}, 60_000);

afterAll(async () => {
  await proxy?.close();
  await Promise.all([monolith?.close(), catalog?.close()]);
  dir?.remove();
}, 60_000);

describe("a write route never moves on its own", () => {
  it.each([
    ["PUT /routes/:id/stage", "PUT", "/routes/products-write/stage", { stage: "service", force: true }],
    ["PUT /routes/:id/stage with a canary", "PUT", "/routes/products-write/stage", { stage: "canary", percent: 50, force: true }],
    ["PUT /routes/:id/stage with an invalid body", "PUT", "/routes/products-write/stage", { stage: "everywhere" }],
    ["POST /routes/:id/rollback", "POST", "/routes/products-write/rollback", { reason: "errors" }],
  ])("%s answers 409 PROXY_ERR_WRITE_GROUP naming the cut-over, and changes nothing", async (_name, method, path, body) => {
    const before = await auditCount();
    const refused = await adminCall(proxy, method, path, body);
    expect(refused.status).toBe(409);
    expect(errorOf(refused)).toEqual({
      code: "PROXY_ERR_WRITE_GROUP",
      message: `Route products-write belongs to the write group catalog-writes: ${MOVE_WITH}. Nothing changed.`,
    });
    expect(await stages()).toMatchObject({ "products-write": "monolith", "categories-write": "monolith" });
    expect(await auditCount()).toBe(before);
  });
});

describe("a write group moves only for the holder of its fence", () => {
  it("refuses a group stage change without fenceHolder, even forced", async () => {
    const refused = await groupStage({ stage: "service", force: true, reason: "flip" });
    expect(refused.status).toBe(409);
    expect(errorOf(refused).code).toBe("PROXY_ERR_WRITE_GROUP");
    expect(errorOf(refused).message).toBe(
      `Group catalog-writes is a write group: ${MOVE_WITH}. A stage change of it must carry "fenceHolder", the holder of its live fence lease. Nothing changed.`,
    );
    expect(await upstreamOfWrite()).toBe("monolith");
  });

  it("refuses a fenceHolder while the group is not fenced", async () => {
    const refused = await groupStage({ stage: "service", fenceHolder: "cutover:a" });
    expect(refused.status).toBe(409);
    expect(errorOf(refused)).toMatchObject({ code: "PROXY_ERR_WRITE_GROUP", message: expect.stringContaining("the group is not fenced") });
  });

  it("refuses a fenceHolder that is not the holder of the live lease", async () => {
    expect((await adminCall(proxy, "PUT", "/groups/catalog-writes/fence", { holder: "cutover:a", leaseMs: 60_000, reason: "move writes" })).status).toBe(200);
    const refused = await groupStage({ stage: "service", fenceHolder: "cutover:b" });
    expect(refused.status).toBe(409);
    expect(errorOf(refused)).toMatchObject({ code: "PROXY_ERR_WRITE_GROUP", message: expect.stringContaining("held by cutover:a (reason: move writes)") });
    expect(await stages()).toMatchObject({ "products-write": "monolith", "categories-write": "monolith" });
  });

  it.each([["shadow"], ["canary"]])("refuses stage %s for a write group with 400 (writes move 0 %% → 100 %%)", async (stage) => {
    const refused = await groupStage({ stage, percent: 50, fenceHolder: "cutover:a" });
    expect(refused.status).toBe(400);
    expect(errorOf(refused)).toMatchObject({ code: "PROXY_ERR_INVALID_STAGE", message: expect.stringContaining("monolith, service") });
  });

  it("moves the whole group for the holder, without consulting the gate, and audits it as the cut-over", async () => {
    const moved = await groupStage({ stage: "service", fenceHolder: "cutover:a", reason: "flip" });
    expect(moved.status).toBe(200);
    expect(moved.json<{ changes: Array<{ routeId: string; to: { stage: string } }> }>().changes.map((c) => [c.routeId, c.to.stage])).toEqual([
      ["products-write", "service"],
      ["categories-write", "service"],
    ]);
    const [entry] = (await adminCall(proxy, "GET", "/audit?route=products-write&limit=1")).json<{ entries: AuditEntry[] }>().entries;
    expect(entry).toMatchObject({ fromStage: "monolith", toStage: "service" });
    expect(entry.reason).toMatch(/^cut-over holding the fence \(cutover:a\).*: flip$/);
    expect((await adminCall(proxy, "GET", "/groups")).json<{ groups: Array<{ group: string; stage: string }> }>().groups).toEqual(
      expect.arrayContaining([expect.objectContaining({ group: "catalog-writes", stage: "service", writes: true })]),
    );

    expect((await adminCall(proxy, "DELETE", "/groups/catalog-writes/fence", { holder: "cutover:a" })).status).toBe(200);
    await waitUntil(async () => (await upstreamOfWrite()) === "catalog", 10_000, 20);
  });

  it("refuses the holder once its lease expired", async () => {
    expect((await adminCall(proxy, "PUT", "/groups/catalog-writes/fence", { holder: "cutover:late", leaseMs: 1000 })).status).toBe(200);
    await waitUntil(async () => (await adminCall(proxy, "GET", "/routes/products-write")).json<{ fenced: boolean }>().fenced === false, 20_000, 50);
    const refused = await groupStage({ stage: "monolith", fenceHolder: "cutover:late" });
    expect(refused.status).toBe(409);
    expect(errorOf(refused).code).toBe("PROXY_ERR_WRITE_GROUP");
    expect(await stages()).toMatchObject({ "products-write": "service", "categories-write": "service" });
  }, 60_000);
});

describe("other groups and routes behave as before", () => {
  it("gates a non-write group's move and lets force pass it; routes move alone and roll back", async () => {
    const gated = await adminCall(proxy, "PUT", "/groups/catalog/stage", { stage: "service" });
    expect(gated.status).toBe(409);
    expect(errorOf(gated).code).toBe("PROXY_ERR_GATE_REFUSED");
    expect((await adminCall(proxy, "PUT", "/groups/catalog/stage", { stage: "service", force: true, fenceHolder: "ignored here" })).status).toBe(200);
    expect((await adminCall(proxy, "POST", "/routes/products-read/rollback", {})).status).toBe(200);
    expect((await adminCall(proxy, "PUT", "/routes/products-read/stage", { stage: "shadow" })).status).toBe(200);
    expect((await stages())["products-read"]).toBe("shadow");
  });
});
