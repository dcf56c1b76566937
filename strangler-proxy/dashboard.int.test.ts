import { tempDir, type TempDir } from "../testing";
import { adminCall, rawRequest, startProxy, startTestUpstream, type RawResponse, type StartedProxy, type TestUpstream } from "../testing/proxy";

const TOKEN = "dashboard-test-admin-token-5f1c9e";

let monolith: TestUpstream;
let catalog: TestUpstream;
let proxy: StartedProxy;
let dir: TempDir;

const get = (path: string, headers: Record<string, string> = {}) => rawRequest(proxy.adminUrl, { path, headers });
const header = (res: RawResponse, name: string) => String(res.headers[name] ?? "");

/** Every `{ method: "...", path: "..." }` entry of the script's API table. */
function apiCallsOf(script: string): Array<{ method: string; path: string }> {
  return [...script.matchAll(/\{\s*method:\s*"([A-Z]+)",\s*path:\s*"([^"]+)"\s*\}/g)].map((m) => ({ method: m[1], path: m[2] }));
}

beforeAll(async () => {
  [monolith, catalog] = await Promise.all([startTestUpstream("monolith"), startTestUpstream("catalog")]);
  dir = tempDir();
  proxy = await startProxy({
    dataDir: dir.path,
    adminToken: TOKEN,
    config: {
      upstreams: [
        { name: "monolith", url: monolith.url, default: true },
        // The echo upstream answers every path with JSON, so the sync calls are forwarded and answered.
        { name: "catalog", url: catalog.url, syncStatusPath: "/internal/sync/status" },
      ],
      routes: [
        { id: "products-read", group: "catalog", methods: ["GET"], paths: ["/products", "/products/:id"], upstream: "catalog", stage: "shadow" },
        { id: "products-write", group: "catalog-writes", writes: true, methods: ["POST"], paths: ["/products"], upstream: "catalog" },
      ],
    },
  });
});

afterAll(async () => {
  await proxy?.close();
  await Promise.all([monolith, catalog].map((u) => u?.close()));
  dir?.remove();
});

describe("the dashboard page on the admin listener", () => {
  it("answers 200 HTML without a token, with the security headers", async () => {
    const page = await get("/dashboard");
    expect(page.status).toBe(200);
    expect(header(page, "content-type")).toMatch(/^text\/html/);
    expect(header(page, "content-security-policy")).toContain("default-src 'self'");
    expect(header(page, "content-security-policy")).not.toContain("unsafe-inline");
    expect(header(page, "cache-control")).toBe("no-store");
    expect(header(page, "x-content-type-options")).toBe("nosniff");
    expect(header(page, "x-frame-options")).toBe("DENY");
  });

  it("serves its script and style sheet without a token, with the same headers", async () => {
    for (const [path, type] of [["/dashboard/app.js", /^text\/javascript/], ["/dashboard/app.css", /^text\/css/]] as const) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(header(res, "content-type")).toMatch(type);
      expect(header(res, "content-security-policy")).toContain("default-src 'self'");
      expect(header(res, "cache-control")).toBe("no-store");
      expect(header(res, "x-content-type-options")).toBe("nosniff");
    }
  });

  it("loads only its own script and style sheet, with nothing inline the policy would block", async () => {
    const html = (await get("/dashboard")).body;
    expect([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])).toEqual(['<script src="/dashboard/app.js" defer>']);
    expect(html).toMatch(/<script[^>]*><\/script>/);
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it("contains no token and no data, and never writes HTML from data", async () => {
    const files = await Promise.all(["/dashboard", "/dashboard/app.js", "/dashboard/app.css"].map((path) => get(path)));
    for (const file of files) {
      expect(file.body).not.toContain(TOKEN);
      expect(file.body).not.toContain("products-read");
    }
    const script = files[1].body;
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
    expect(script).toContain("sessionStorage");
    expect(script).not.toContain("localStorage");
  });

  it("calls only admin API paths that exist, each answered for the token", async () => {
    const script = (await get("/dashboard/app.js")).body;
    const calls = apiCallsOf(script);
    expect(calls.map((c) => `${c.method} ${c.path}`).sort()).toEqual([
      "GET /audit?limit=20",
      "GET /groups",
      "GET /readyz",
      "GET /routes",
      "GET /routes/:id/gate",
      "GET /routes/:id/shadow-report?limit=1",
      "GET /sync",
      "GET /sync/:service/parked",
      "GET /traffic",
      "GET /upstreams",
      "POST /routes/:id/rollback",
      "POST /sync/:service/parked/discard",
      "POST /sync/:service/parked/replay",
      "PUT /routes/:id/stage",
    ]);
    // No call bypasses the table: one fetch, and every absolute path literal is a table entry.
    expect(script.match(/fetch\(/g)).toHaveLength(1);
    const literals = [...script.matchAll(/"(\/[^"]*)"/g)].map((m) => m[1]);
    expect(literals.every((path) => calls.some((c) => c.path === path))).toBe(true);

    const bodies: Record<string, unknown> = {
      "PUT /routes/:id/stage": { stage: "shadow", reason: "dashboard check" },
      "POST /routes/:id/rollback": { reason: "dashboard check" },
      "POST /sync/:service/parked/replay": { key: "7" },
      "POST /sync/:service/parked/discard": { key: "7", reason: "dashboard check" },
    };
    for (const { method, path } of calls) {
      const body = bodies[`${method} ${path}`];
      const res = await adminCall(proxy, method, path.replace(":id", "products-read").replace(":service", "catalog"), body);
      expect({ call: `${method} ${path}`, status: res.status }).toEqual({ call: `${method} ${path}`, status: 200 });
    }
  });

  it("gets from GET /routes what makes a route read-only (writes) and what to show of a fence; the API refuses moving a write route anyway", async () => {
    expect((await adminCall(proxy, "PUT", "/groups/catalog-writes/fence", { holder: "cutover:dashboard-test", reason: "page check" })).status).toBe(200);
    const routes = (await adminCall(proxy, "GET", "/routes")).json<{ routes: Array<{ id: string; writes: boolean; fenced: boolean; fence: unknown }> }>().routes;
    expect(routes.map(({ id, writes, fenced }) => ({ id, writes, fenced }))).toEqual([
      { id: "products-read", writes: false, fenced: false },
      { id: "products-write", writes: true, fenced: true },
    ]);
    expect(routes[1].fence).toMatchObject({ holder: "cutover:dashboard-test", reason: "page check", ageMs: expect.any(Number) });
    const refused = await adminCall(proxy, "PUT", "/routes/products-write/stage", { stage: "service" });
    expect(refused.status).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: "PROXY_ERR_WRITE_GROUP" } });
    expect((await adminCall(proxy, "DELETE", "/groups/catalog-writes/fence", { holder: "cutover:dashboard-test" })).status).toBe(200);
  });

  it("answers an unknown dashboard file with 404 JSON, with or without a token", async () => {
    for (const headers of [{}, { authorization: `Bearer ${TOKEN}` }] as Array<Record<string, string>>) {
      const res = await get("/dashboard/x", headers);
      expect(res.status).toBe(404);
      expect(header(res, "content-type")).toMatch(/^application\/json/);
      expect(res.json()).toMatchObject({ error: { code: "PROXY_ERR_NOT_FOUND" } });
    }
  });

  it("leaves the rest of the admin API behind the token", async () => {
    expect((await adminCall(proxy, "GET", "/routes", undefined, null)).status).toBe(401);
    expect((await adminCall(proxy, "GET", "/audit?limit=20", undefined, null)).status).toBe(401);
  });
});
