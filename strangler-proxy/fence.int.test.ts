import { adminCall, rawRequest, startProxy, startTestUpstream, tempDir, waitUntil, type StartedProxy, type TempDir, type TestUpstream } from "../testing";

// The switch window of a cut-over: a fenced group's routes are answered 503 + Retry-After by every
// proxy instance, nothing reaches either upstream, other routes are untouched, and opening the
// fence restores forwarding.
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
    { id: "products-write", group: "catalog-writes", methods: ["POST", "PATCH", "DELETE"], paths: ["/products", "/products/:id"], upstream: "catalog" },
  ],
  flags: { readyTimeoutMs: 2000, requestTimeoutMs: 1000 },
});

const post = (proxy: StartedProxy) => rawRequest(proxy.url, { method: "POST", path: "/products", headers: { "content-type": "application/json" }, body: '{"sku":"F-1"}' });

beforeAll(async () => {
  [monolith, catalog] = await Promise.all([startTestUpstream("monolith"), startTestUpstream("catalog")]);
  hostDir = tempDir();
  readerDir = tempDir();
  host = await startProxy({ config: config(), dataDir: hostDir.path, instance: "host" });
  reader = await startProxy({ config: config(), dataDir: readerDir.path, flagsUrl: host.flagsUrl, flagsToken: host.adminToken, instance: "reader" });
});

afterAll(async () => {
  await reader?.close();
  await host?.close();
  await Promise.all([monolith?.close(), catalog?.close()]);
  hostDir?.remove();
  readerDir?.remove();
});

describe("fencing a group of routes", () => {
  it("answers the group's routes with 503, Retry-After and PROXY_ERR_FENCED on every instance, forwarding nothing", async () => {
    const fenced = await adminCall(host, "PUT", "/groups/catalog-writes/fence", { reason: "cut-over test" });
    expect(fenced.status).toBe(200);
    expect(fenced.json()).toEqual({ group: "catalog-writes", fenced: true, routes: ["products-write"] });

    for (const proxy of [host, reader]) {
      await waitUntil(async () => (await post(proxy)).status === 503);
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

  it("shows the fence in GET /routes and keeps who fenced, when and why in the audit", async () => {
    const routes = (await adminCall(host, "GET", "/routes")).json<{ routes: Array<{ id: string; fenced: boolean }> }>().routes;
    expect(routes.map(({ id, fenced }) => ({ id, fenced }))).toEqual([
      { id: "products-read", fenced: false },
      { id: "products-write", fenced: true },
    ]);
    const audit = (await adminCall(host, "GET", "/audit")).json<{ entries?: unknown[] } | unknown[]>();
    expect(JSON.stringify(audit)).toContain("cut-over test");
  });

  it("forwards the group's routes again once the fence is opened", async () => {
    const opened = await adminCall(host, "DELETE", "/groups/catalog-writes/fence");
    expect(opened.json()).toMatchObject({ fenced: false });
    for (const proxy of [host, reader]) {
      await waitUntil(async () => (await post(proxy)).status === 200);
      expect((await post(proxy)).headers["x-upstream"]).toBe("monolith");
    }
  });

  it("refuses an unknown group with 404 and the valid groups, and a fence on a reading instance with 409", async () => {
    const unknown = await adminCall(host, "PUT", "/groups/nope/fence", {});
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: "PROXY_ERR_UNKNOWN_GROUP", message: expect.stringContaining("catalog, catalog-writes") } });
    const elsewhere = await adminCall(reader, "PUT", "/groups/catalog-writes/fence", {});
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.json()).toMatchObject({ error: { code: "PROXY_ERR_FLAGS_MANAGED_ELSEWHERE" } });
  });

  it("refuses without the admin token and changes nothing", async () => {
    const refused = await adminCall(host, "PUT", "/groups/catalog-writes/fence", {}, "wrong-token");
    expect(refused.status).toBe(401);
    expect((await post(host)).status).toBe(200);
  });
});
