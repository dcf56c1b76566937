import { existsSync } from "node:fs";
import { adminCall, runCli, startProxy, startTestUpstream, tempDir, type CliResult, type StartedProxy, type TempDir, type TestUpstream } from "../../testing";

// Every test spawns the real bin (a second or more each on a busy machine): generous timeouts.
jest.setTimeout(60_000);

describe("the strangler CLI against a running proxy", () => {
  let dir: TempDir;
  let monolith: TestUpstream;
  let service: TestUpstream;
  let proxy: StartedProxy;

  const cli = (...args: string[]): Promise<CliResult> =>
    runCli({ ...process.env, STRANGLER_ADMIN_URL: proxy.adminUrl, STRANGLER_ADMIN_TOKEN: proxy.adminToken, STRANGLER_DATA_DIR: dir.path }, ...args);

  beforeAll(async () => {
    dir = tempDir("cli-");
    monolith = await startTestUpstream("monolith");
    service = await startTestUpstream("catalog");
    proxy = await startProxy({
      dataDir: dir.path,
      config: {
        upstreams: [
          { name: "monolith", url: monolith.url, default: true, syncHeadUrl: `${monolith.url}/internal/sync/head` },
          { name: "catalog", url: service.url, syncStatusPath: "/internal/sync/status", syncHeadUrl: "/internal/sync/head" },
        ],
        routes: [
          { id: "products-read", group: "catalog", methods: ["GET"], paths: ["/products", "/products/:id"], upstream: "catalog" },
          { id: "categories-read", group: "catalog", methods: ["GET"], paths: ["/categories"], upstream: "catalog", readYourWrites: { mode: "wait", maxWaitMs: 750 } },
          { id: "products-write", group: "catalog-writes", writes: true, methods: ["POST"], paths: ["/products"], upstream: "catalog" },
        ],
      },
    });
  }, 60_000);

  afterAll(async () => {
    await proxy?.close();
    await monolith?.close();
    await service?.close();
    dir?.remove();
  });

  it("lists every route with id, group, methods, paths, stage, percent and upstream as JSON", async () => {
    const result = await cli("status", "--json");
    expect(result.code).toBe(0);
    const status = JSON.parse(result.stdout);
    expect(status.routes).toEqual([
      expect.objectContaining({ id: "products-read", group: "catalog", methods: ["GET"], paths: ["/products", "/products/:id"], stage: "monolith", percent: 0, upstream: "catalog" }),
      expect.objectContaining({ id: "categories-read", group: "catalog", methods: ["GET"], paths: ["/categories"], stage: "monolith", percent: 0, upstream: "catalog", readYourWrites: { mode: "wait", maxWaitMs: 750 } }),
      expect.objectContaining({ id: "products-write", group: "catalog-writes", writes: true, fenced: false, fence: null, stage: "monolith" }),
    ]);
    expect(status.upstreams).toEqual({ monolith: "up", catalog: "up" });
  });

  it("prints a readable table without --json", async () => {
    const result = await cli("status");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ROUTE\s+GROUP\s+STAGE/m);
    expect(result.stdout).toMatch(/^products-read\s+catalog\s+monolith\s+0%\s+catalog/m);
    expect(result.stdout).toMatch(/^ROUTE\s.*\sREAD-YOUR-WRITES\s+PATHS$/m);
    expect(result.stdout).toMatch(/^products-read\s.*\soff\s+GET \/products/m);
    expect(result.stdout).toMatch(/^categories-read\s.*\swait ≤750ms\s+GET \/categories/m);
  });

  it("moves a route to a canary and rolls it back, and the proxy reports each stage", async () => {
    const set = await cli("route", "set", "products-read", "--stage", "canary", "--percent", "25", "--reason", "cli test");
    expect(set).toMatchObject({ code: 0, stdout: "products-read: monolith → canary 25%\n" });
    const during = JSON.parse((await cli("status", "--json")).stdout);
    expect(during.routes[0]).toMatchObject({ id: "products-read", stage: "canary", percent: 25 });

    const back = await cli("route", "rollback", "products-read");
    expect(back).toMatchObject({ code: 0, stdout: "products-read: canary 25% → monolith\n" });
    const after = JSON.parse((await cli("status", "--json")).stdout);
    expect(after.routes[0]).toMatchObject({ stage: "monolith" });
  });

  it("prints a stage change and a rollback as JSON with --json", async () => {
    const set = await cli("route", "set", "categories-read", "--stage", "shadow", "--json");
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ routeId: "categories-read", from: { stage: "monolith" }, to: { stage: "shadow" }, at: expect.any(String) });
    const back = await cli("route", "rollback", "categories-read", "--reason", "cli test", "--json");
    expect(back.code).toBe(0);
    expect(JSON.parse(back.stdout)).toMatchObject({ routeId: "categories-read", from: { stage: "shadow" }, to: { stage: "monolith" } });
  });

  it("prints its help and every command's, and a usage error, without a running stack", async () => {
    const help = await runCli({ PATH: process.env.PATH }, "--help");
    expect(help.code).toBe(0);
    for (const command of ["status", "route", "diff", "sync", "verify", "cutover"]) expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, "m"));
    const sync = await runCli({ PATH: process.env.PATH }, "sync", "--help");
    for (const command of ["status", "backfill", "parked", "replay", "discard"]) expect(sync.stdout).toMatch(new RegExp(`^  ${command}\\b`, "m"));
    const usage = await runCli({ PATH: process.env.PATH }, "route", "set", "products-read");
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("required option '--stage <stage>' not specified");
    const unknown = await runCli({ PATH: process.env.PATH }, "bogus");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'bogus'");
  });

  it.each([
    ["route set", ["route", "set", "products-write", "--stage", "service", "--force"]],
    ["route rollback", ["route", "rollback", "products-write"]],
  ])("%s on a write route prints the proxy's 409 code and message and exits non-zero, changing nothing", async (_name, args) => {
    const refused = await cli(...args);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toBe(
      "error: PROXY_ERR_WRITE_GROUP: Route products-write belongs to the write group catalog-writes: its writes move only with " +
        "`npx strangler cutover catalog-writes --to service|monolith` (fence, drain, verify, flip; docs/write-path.md). Nothing changed.\n",
    );
    expect(JSON.parse((await cli("status", "--json")).stdout).routes[2]).toMatchObject({ id: "products-write", stage: "monolith" });
  });

  it("shows who holds a fence and for how long, in the table and as JSON", async () => {
    const fenced = await adminCall(proxy, "PUT", "/groups/catalog-writes/fence", { holder: "cutover:cli-test", reason: "status check", leaseMs: 120_000 });
    expect(fenced.status).toBe(200);
    try {
      const table = await cli("status");
      expect(table.stdout).toMatch(/^products-write\s+catalog-writes\s+monolith \(fenced by cutover:cli-test, \d+s\)\s+0%/m);
      expect(table.stdout).toMatch(/^products-read\s+catalog\s+monolith\s+0%/m);
      const json = JSON.parse((await cli("status", "--json")).stdout);
      expect(json.routes[2]).toMatchObject({
        writes: true,
        fenced: true,
        fence: { holder: "cutover:cli-test", reason: "status check", fencedAt: expect.any(String), expiresAt: expect.any(String), ageMs: expect.any(Number) },
      });
    } finally {
      await adminCall(proxy, "DELETE", "/groups/catalog-writes/fence", { holder: "cutover:cli-test" });
    }
  });

  it("refuses an unknown route id with a non-zero exit and the list of valid ids", async () => {
    const result = await cli("route", "set", "nope", "--stage", "service");
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("Valid route ids: products-read, categories-read");
  });

  it("refuses a bad stage with a non-zero exit and the valid choices, changing nothing", async () => {
    const result = await cli("route", "set", "products-read", "--stage", "everywhere");
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("Allowed choices are monolith, shadow, canary, service");
    expect(JSON.parse((await cli("status", "--json")).stdout).routes[0].stage).toBe("monolith");
  });

  it.each(["101", "-1", "ten", "12.5"])("refuses the percentage %s with a non-zero exit", async (percent) => {
    const result = await cli("route", "set", "products-read", "--stage", "canary", "--percent", percent);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("0 to 100");
  });

  it("fails with the reason when the admin token is wrong, changing nothing", async () => {
    const env = { ...process.env, STRANGLER_ADMIN_URL: proxy.adminUrl, STRANGLER_ADMIN_TOKEN: "wrong-token", STRANGLER_DATA_DIR: dir.path };
    const failed = await runCli(env, "route", "set", "products-read", "--stage", "service");
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("STRANGLER_ADMIN_TOKEN");
    expect(JSON.parse((await cli("status", "--json")).stdout).routes[0].stage).toBe("monolith");
  });

  it("refuses a cut-over of an unknown service or group with the valid names, and a missing, doubled or bad --to as a usage error", async () => {
    const unknown = await cli("cutover", "billing", "--to", "service");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('error: No service or write group "billing" with cli/write-path.ts under extracted/. Valid: catalog, catalog-writes');

    const missing = await cli("cutover", "catalog");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("error: Give exactly one of --to service|monolith (move the writes), --resume (finish an interrupted cut-over) or --abort (undo one).");

    const both = await cli("cutover", "catalog", "--to", "service", "--resume");
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("not --to and --resume");

    const bad = await cli("cutover", "catalog", "--to", "sideways");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Allowed choices are service, monolith/);
  });

  it("refuses a cut-over when the data folder holds no stack databases, and creates none", async () => {
    const result = await cli("cutover", "catalog", "--to", "service");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: No database at ${dir.file("monolith.sqlite")}: set STRANGLER_DATA_DIR`);
    expect(existsSync(dir.file("monolith.sqlite")) || existsSync(dir.file("catalog.sqlite"))).toBe(false);
  });
});
