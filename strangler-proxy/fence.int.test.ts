import { adminCall, rawRequest, startProxy, startTestUpstream, tempDir, waitUntil, type StartedProxy, type TempDir, type TestUpstream } from "../testing";

// The switch window of a cut-over: a fenced group's routes are answered 503 + Retry-After by every
// proxy instance, nothing reaches either upstream, other routes are untouched, and opening the
// fence restores forwarding. The fence is a lease: its holder renews it, another holder is refused,
// and the host lifts it when nobody renews it in time.
// Waits on conditions (flag propagation, lease expiry) with room for a busy 2-core machine.
jest.setTimeout(60_000);

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
  routes: [
    { id: "products-read", group: "catalog", methods: ["GET"], paths: ["/products", "/products/:id"], upstream: "catalog" },
    { id: "products-write", group: "catalog-writes", writes: true, methods: ["POST", "PATCH", "DELETE"], paths: ["/products", "/products/:id"], upstream: "catalog" },
  ],
  flags: { readyTimeoutMs: 2000, requestTimeoutMs: 1000 },
});

interface FenceView {
  holder: string;
  reason: string | null;
  fencedAt: string;
  expiresAt: string;
  ageMs: number;
}
interface RouteView {
  id: string;
  writes: boolean;
  fenced: boolean;
  fence: FenceView | null;
}
interface GroupView {
  group: string;
  writes: boolean;
  routes: string[];
  stage: string;
  fenced: boolean;
  fence: FenceView | null;
}
interface AuditEntry {
  actor: string;
  routeId: string;
  fromStage: string;
  toStage: string;
  reason: string | null;
}

const post = (proxy: StartedProxy) => rawRequest(proxy.url, { method: "POST", path: "/products", headers: { "content-type": "application/json" }, body: '{"sku":"F-1"}' });
const routesOf = async (proxy: StartedProxy) => (await adminCall(proxy, "GET", "/routes")).json<{ routes: RouteView[] }>().routes;
const groupsOf = async (proxy: StartedProxy) => (await adminCall(proxy, "GET", "/groups")).json<{ groups: GroupView[] }>().groups;
const writeGroup = async (proxy: StartedProxy) => (await groupsOf(proxy)).find((group) => group.group === "catalog-writes")!;
const audit = async () => (await adminCall(host, "GET", "/audit?route=products-write")).json<{ entries: AuditEntry[] }>().entries;
const fence = (body: unknown, proxy = host) => adminCall(proxy, "PUT", "/groups/catalog-writes/fence", body);
const lift = (body?: unknown) => adminCall(host, "DELETE", "/groups/catalog-writes/fence", body);
/** Every instance forwards (true) or fences (false) the write route; waits on the condition, never a fixed sleep. */
const allForward = async (forwarding: boolean, timeoutMs = 10_000) => {
  for (const proxy of [host, reader]) await waitUntil(async () => ((await post(proxy)).status === 200) === forwarding, timeoutMs, 20);
};

beforeAll(async () => {
  [monolith, catalog] = await Promise.all([startTestUpstream("monolith"), startTestUpstream("catalog")]);
  hostDir = tempDir();
  readerDir = tempDir();
  host = await startProxy({ config: config(), dataDir: hostDir.path, instance: "host" });
  reader = await startProxy({ config: config(), dataDir: readerDir.path, flagsUrl: host.flagsUrl, flagsToken: host.adminToken, instance: "reader" });
}, 60_000);

afterAll(async () => {
  await reader?.close();
  await host?.close();
  await Promise.all([monolith?.close(), catalog?.close()]);
  hostDir?.remove();
  readerDir?.remove();
}, 60_000);

describe("fencing a group of routes", () => {
  it("answers the group's routes with 503, Retry-After and PROXY_ERR_FENCED on every instance, forwarding nothing", async () => {
    const fenced = await fence({ reason: "cut-over test" });
    expect(fenced.status).toBe(200);
    expect(fenced.json()).toEqual({
      group: "catalog-writes",
      fenced: true,
      routes: ["products-write"],
      lease: { holder: "admin:admin", reason: "cut-over test", fencedAt: expect.any(String), expiresAt: expect.any(String) },
    });
    const { lease } = fenced.json<{ lease: FenceView }>();
    // Default lease: 30 s.
    expect(Date.parse(lease.expiresAt) - Date.parse(lease.fencedAt)).toBe(30_000);

    await allForward(false);
    for (const proxy of [host, reader]) {
      const answer = await post(proxy);
      expect(answer.status).toBe(503);
      expect(answer.headers["retry-after"]).toBe("1");
      expect(answer.json()).toEqual({ error: { code: "PROXY_ERR_FENCED", message: expect.stringContaining("products-write") } });
      expect(answer.headers["x-upstream"]).toBeUndefined();
    }
  });

  it("leaves routes outside the group forwarded", async () => {
    const read = await rawRequest(reader.url, { path: "/products/1" });
    expect(read.status).toBe(200);
    expect(read.headers["x-upstream"]).toBe("monolith");
  });

  it("shows the fence with its holder, reason and age in GET /routes and GET /groups, and audits who fenced, when and why", async () => {
    const routes = await routesOf(host);
    expect(routes.map(({ id, writes, fenced }) => ({ id, writes, fenced }))).toEqual([
      { id: "products-read", writes: false, fenced: false },
      { id: "products-write", writes: true, fenced: true },
    ]);
    expect(routes[0].fence).toBeNull();
    expect(routes[1].fence).toEqual({ holder: "admin:admin", reason: "cut-over test", fencedAt: expect.any(String), expiresAt: expect.any(String), ageMs: expect.any(Number) });

    expect(await groupsOf(host)).toEqual([
      { group: "catalog", writes: false, routes: ["products-read"], stage: "monolith", fenced: false, fence: null },
      { group: "catalog-writes", writes: true, routes: ["products-write"], stage: "monolith", fenced: true, fence: routes[1].fence && { ...routes[1].fence, ageMs: expect.any(Number) } },
    ]);

    const entries = await audit();
    expect(entries[0]).toMatchObject({ actor: "admin", fromStage: "open", toStage: "fenced", reason: expect.stringContaining("cut-over test") });
    expect(entries[0].reason).toContain("admin:admin");
  });

  it("shows a reading instance the fence from the flag, without lease details", async () => {
    await waitUntil(async () => (await routesOf(reader)).find((route) => route.id === "products-write")!.fenced, 10_000, 20);
    expect((await routesOf(reader)).find((route) => route.id === "products-write")).toMatchObject({ writes: true, fenced: true, fence: null });
    expect(await writeGroup(reader)).toMatchObject({ writes: true, fenced: true, fence: null });
  });

  it("renews the lease for the same holder without a new audit row, keeping when it was fenced", async () => {
    const first = (await writeGroup(host)).fence!;
    const auditBefore = (await audit()).length;
    const renewed = await fence({ holder: "admin:admin", leaseMs: 120_000 });
    expect(renewed.status).toBe(200);
    const lease = renewed.json<{ lease: FenceView }>().lease;
    expect(lease).toMatchObject({ holder: "admin:admin", reason: "cut-over test", fencedAt: first.fencedAt });
    expect(Date.parse(lease.expiresAt)).toBeGreaterThan(Date.parse(first.expiresAt));
    expect((await audit()).length).toBe(auditBefore);
  });

  it("refuses another holder with 409 PROXY_ERR_FENCE_HELD naming holder, reason, age and expiry, changing nothing", async () => {
    const before = (await writeGroup(host)).fence!;
    const refused = await fence({ holder: "cutover:other", reason: "mine now" });
    expect(refused.status).toBe(409);
    const { error } = refused.json<{ error: { code: string; message: string } }>();
    expect(error.code).toBe("PROXY_ERR_FENCE_HELD");
    expect(error.message).toMatch(/held by admin:admin \(reason: cut-over test\) for \d+\.\d s, expires in \d+\.\d s/);
    expect(error.message).toContain("Nothing changed");

    const liftRefused = await lift({ holder: "cutover:other" });
    expect(liftRefused.status).toBe(409);
    expect(liftRefused.json()).toMatchObject({ error: { code: "PROXY_ERR_FENCE_HELD" } });

    expect((await writeGroup(host)).fence).toMatchObject({ holder: "admin:admin", fencedAt: before.fencedAt, expiresAt: before.expiresAt });
    expect((await post(host)).status).toBe(503);
  });

  it.each([
    ["a lease shorter than 1000 ms", { leaseMs: 999 }],
    ["a lease longer than 600000 ms", { leaseMs: 600_001 }],
    ["a lease that is not a whole number", { leaseMs: 1500.5 }],
    ["an empty holder", { holder: "" }],
    ["a holder over 200 characters", { holder: "h".repeat(201) }],
    ["an unknown field", { holder: "x", forever: true }],
  ])("answers 400 for %s, changing nothing", async (_name, body) => {
    const refused = await fence(body);
    expect(refused.status).toBe(400);
    expect(refused.json()).toMatchObject({ error: { code: "PROXY_ERR_MALFORMED_BODY", fields: expect.any(Array) } });
    expect((await writeGroup(host)).fence?.holder).toBe("admin:admin");
  });

  it("lifts by hand without a holder (audited), and forwards the group's routes again on every instance", async () => {
    const opened = await lift({ reason: "done by hand" });
    expect(opened.status).toBe(200);
    expect(opened.json()).toEqual({ group: "catalog-writes", fenced: false, routes: ["products-write"], lifted: true });
    await allForward(true);
    expect((await post(host)).headers["x-upstream"]).toBe("monolith");
    expect(await writeGroup(host)).toMatchObject({ fenced: false, fence: null });
    expect((await audit())[0]).toMatchObject({ fromStage: "fenced", toStage: "open", reason: expect.stringMatching(/manual lift of the lease of admin:admin.*: done by hand/) });
  });

  it("answers a lift of an unfenced group with 200 and changes nothing", async () => {
    const auditBefore = (await audit()).length;
    const again = await lift();
    expect(again.status).toBe(200);
    expect(again.json()).toMatchObject({ fenced: false, lifted: false });
    expect((await audit()).length).toBe(auditBefore);
  });

  it("lets the holder lift its own fence", async () => {
    expect((await fence({ holder: "cutover:test", reason: "own lift" })).status).toBe(200);
    const opened = await lift({ holder: "cutover:test" });
    expect(opened.json()).toMatchObject({ fenced: false, lifted: true });
    expect((await writeGroup(host)).fenced).toBe(false);
  });

  it("lifts a fence whose lease is not renewed, on every instance, with an audit row saying whose lease expired", async () => {
    const fenced = await fence({ holder: "cutover:killed", leaseMs: 1000, reason: "a cut-over that dies" });
    expect(fenced.status).toBe(200);
    await allForward(false);
    // Nobody renews: the host lifts it about a second later; polled, with room for a busy machine.
    await allForward(true, 20_000);
    expect(await writeGroup(host)).toMatchObject({ fenced: false, fence: null });
    const [expired] = await audit();
    expect(expired).toMatchObject({ actor: "lease-expiry", fromStage: "fenced", toStage: "open" });
    expect(expired.reason).toMatch(/^lease of cutover:killed expired: held since \S+, not renewed for \d+ ms/);
    // Another holder may fence at once.
    expect((await fence({ holder: "cutover:next" })).status).toBe(200);
    expect((await lift({ holder: "cutover:next" })).status).toBe(200);
  }, 60_000);

  it("refuses an unknown group with 404 and the valid groups, and a fence on a reading instance with 409", async () => {
    const unknown = await adminCall(host, "PUT", "/groups/nope/fence", {});
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: "PROXY_ERR_UNKNOWN_GROUP", message: expect.stringContaining("catalog, catalog-writes") } });
    const elsewhere = await fence({}, reader);
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.json()).toMatchObject({ error: { code: "PROXY_ERR_FLAGS_MANAGED_ELSEWHERE" } });
  });

  it("refuses without the admin token and changes nothing", async () => {
    const refused = await adminCall(host, "PUT", "/groups/catalog-writes/fence", {}, "wrong-token");
    expect(refused.status).toBe(401);
    expect((await post(host)).status).toBe(200);
  });
});
