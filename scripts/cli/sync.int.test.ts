import { join } from "node:path";
import Database from "better-sqlite3";
import { SqlTargetStore, startRelay, type RunningRelay } from "../../cdc";
import { catalogMapping } from "../../extracted/catalog";
import {
  adminCall,
  rawRequest,
  runCli,
  startCatalog,
  startMonolith,
  testNatsServer,
  waitForCatchUp,
  catalogChangePosition,
  tempDir,
  waitUntil,
  type CliResult,
  type RunningCatalog,
  type RunningMonolith,
  type TempDir,
  type TestNatsServer,
} from "../../testing";
import { startCatalogProxy, type CatalogProxy } from "../../testing/catalog";
import { MONOLITH_SOURCE, forwardDurable } from "../../service-kit";
import { catalogSync } from "../../extracted/catalog";

// Every test spawns the real bin, and verify and backfill spawn a service command under tsx: on a
// busy 2-core machine that takes many seconds, so no test here has the 5 s default.
jest.setTimeout(120_000);

describe("the strangler CLI's sync, verify and diff verbs against a running extraction", () => {
  let dir: TempDir;
  let nats: TestNatsServer;
  let shop: RunningMonolith;
  let relay: RunningRelay;
  let catalog: RunningCatalog;
  let proxy: CatalogProxy;

  const cli = (...args: string[]): Promise<CliResult> =>
    runCli({ PATH: process.env.PATH, STRANGLER_ADMIN_URL: proxy.adminUrl, STRANGLER_ADMIN_TOKEN: proxy.adminToken, STRANGLER_DATA_DIR: dir.path, STRANGLER_CONFIG: proxy.routeTablePath }, ...args);

  beforeAll(async () => {
    // The monolith's and the catalog's databases share one data folder, as under `npm start`.
    dir = tempDir("cli-sync-");
    nats = await testNatsServer();
    shop = await startMonolith({ dataDir: dir.path, seed: { categories: 3, products: 40, customers: 1, orders: 2 } });
    relay = await startRelay({ db: shop.dataSource, url: nats.url });
    catalog = await startCatalog({ dataDir: dir.path });
    proxy = await startCatalogProxy(shop.url, catalog.url);
  }, 120_000);

  afterAll(async () => {
    await proxy?.close();
    await catalog?.close();
    await relay?.stop();
    await shop?.close();
    await nats?.close();
    dir?.remove();
  });

  it("backfills a service by name with progress and exits 0", async () => {
    const result = await cli("sync", "backfill", "catalog");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/backfill products: 40\/40 rows/);
    expect(result.stdout).toMatch(/backfill done in \d+ ms: \d+ rows written/);
  });

  it("refuses an unknown service with a non-zero exit and the services it found", async () => {
    const result = await cli("sync", "backfill", "billing");
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('No service "billing"');
    expect(result.stderr).toContain("Services found: catalog");
  });

  it("reports each stream's consumer and the relay's unpublished changes once sync runs", async () => {
    await catalog.startSync(nats.url);
    await waitForCatchUp(catalog.url, relay.relay, await catalogChangePosition(shop.dataSource));
    const json = await cli("sync", "status", "--json");
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.streams).toEqual([expect.objectContaining({ service: "catalog", stream: "CDC_MONOLITH", running: true, backlog: 0, parked: 0 })]);
    expect(report.relays).toEqual([expect.objectContaining({ source: "monolith", unpublished: 0 })]);
    const text = await cli("sync", "status");
    expect(text.stdout).toMatch(/^catalog\s+CDC_MONOLITH\s+yes\s+0/m);
    expect(text.stdout).toMatch(/relay monolith: logged up to position \d+, 0 not yet acknowledged/);
    // Who owns the catalog's writes, and where the fences are: the start, before any cut-over.
    expect(report.ownership).toEqual([expect.objectContaining({ service: "catalog", group: "catalog-writes", owner: "monolith", epoch: 0, lease: null, fenced: { monolith: [], service: ["categories", "products"] } })]);
    expect(text.stdout).toMatch(/^catalog-writes\s+catalog\s+monolith \(epoch 0\)\s+-\s+categories,products\s+-$/m);
  });

  it("verifies without drift (exit 0), then names a drifted key with a non-zero exit", async () => {
    const clean = await cli("verify", "catalog");
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain("compared 43 row(s) of catalog-writes: 0 drifted key(s); owner: the monolith (a repair copies monolith → service)");
    const cleanJson = await cli("verify", "catalog", "--json");
    expect(cleanJson.code).toBe(0);
    expect(JSON.parse(cleanJson.stdout)).toMatchObject({ owner: "monolith", drift: [] });

    // A stray writer that got past the catalog's fence (it set a capture origin, as only sync should).
    const db = new Database(join(dir.path, "catalog.sqlite"));
    db.transaction(() => {
      db.prepare(`UPDATE "_strangler_capture_context" SET "origin" = 'stray' WHERE "id" = 1`).run();
      db.prepare(`UPDATE "products" SET "name" = 'tampered' WHERE "legacy_id" = 5`).run();
      db.prepare(`UPDATE "_strangler_capture_context" SET "origin" = NULL WHERE "id" = 1`).run();
    })();
    db.close();
    const drifted = await cli("verify", "catalog");
    expect(drifted.code).toBe(2);
    expect(drifted.stdout).toMatch(/products 5: different \(name: expected ".*", found "tampered"\)/);
    expect(drifted.stderr).toContain("verify catalog failed (exit code 2)");

    const repaired = await cli("verify", "catalog", "--repair");
    expect(repaired.code).toBe(0);
    expect(repaired.stdout).toContain("repaired: products 5: written in the catalog");
  });

  it("shows a route's shadow report and gate, and lists the valid ids for an unknown route", async () => {
    expect((await cli("route", "set", "catalog-products-read", "--stage", "shadow")).code).toBe(0);
    await waitUntil(async () => {
      await rawRequest(proxy.url, { path: "/products/3" });
      const report = JSON.parse((await adminCall(proxy, "GET", "/routes/catalog-products-read/shadow-report")).body);
      return report.samples >= 3;
    }, 10_000, 20);
    const text = await cli("diff", "catalog-products-read");
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/catalog-products-read \(stage shadow\)\nsamples \d+ {3}match rate 100%/);
    expect(text.stdout).toMatch(/gate → canary 10%: closed \(.*\)/);
    const json = JSON.parse((await cli("diff", "catalog-products-read", "--json")).stdout);
    expect(json.report).toMatchObject({ routeId: "catalog-products-read", matchRate: 1 });
    expect(json.gate).toMatchObject({ routeId: "catalog-products-read", allowed: false });

    const unknown = await cli("diff", "nope");
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain("Valid ids: catalog-products-read, catalog-categories-read");
  });

  it("adds each route's match rate and the sync streams to status --json", async () => {
    const status = JSON.parse((await cli("status", "--json")).stdout);
    expect(status.routes[0]).toMatchObject({ id: "catalog-products-read", stage: "shadow", shadow: { matchRate: 1 } });
    expect(status.sync.streams[0]).toMatchObject({ service: "catalog", stream: "CDC_MONOLITH", running: true });
  });

  it("lists parked changes and replays one key through the running consumer", async () => {
    expect((await cli("sync", "parked")).stdout).toBe("no parked changes\n");
    const store = new SqlTargetStore({ db: catalog.dataSource, consumer: forwardDurable(catalogSync), source: MONOLITH_SOURCE, mapping: catalogMapping });
    const after = { id: 900, sku: "SKU-900", name: "Parked lamp", description: "", price_cents: 500, category_id: 1, active: 1, created_at: "2026-01-01T00:00:00.000Z", updated_at: "2026-01-01T00:00:00.000Z" };
    await store.park(
      { kind: "change", id: "monolith:999999", source: "monolith", position: 999999, previousPosition: null, table: "products", op: "insert", key: { id: 900 }, before: null, after, committedAt: after.created_at, origin: "monolith" },
      "mapping failed: disk I/O error",
      8,
      new Date(),
    );

    const listed = await cli("sync", "parked");
    expect(listed.stdout).toMatch(/^catalog\s+999999\s+products\s+\{"id":900\}\s+insert\s+8\s+\S+\s+mapping failed: disk I\/O error$/m);
    expect(JSON.parse((await cli("sync", "parked", "--json")).stdout).parked).toEqual([expect.objectContaining({ service: "catalog", position: 999999, key: '{"id":900}' })]);

    const usage = await cli("sync", "replay");
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("needs either --key <key> or --all");

    const replay = await cli("sync", "replay", "--key", "900");
    expect(replay).toMatchObject({ code: 0, stdout: "catalog: replayed 1, still parked 0\n" });
    expect((await rawRequest(catalog.url, { path: "/products/900" })).status).toBe(200);
    expect((await cli("sync", "parked")).stdout).toBe("no parked changes\n");
    const again = await cli("sync", "replay", "--all", "--json");
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ results: [{ service: "catalog", replayed: 0, stillParked: 0 }] });
  });

  it("discards a row's parked changes only with a reason, audited in the service, and lists them no more", async () => {
    const store = new SqlTargetStore({ db: catalog.dataSource, consumer: forwardDurable(catalogSync), source: MONOLITH_SOURCE, mapping: catalogMapping });
    const insert = { kind: "change" as const, id: "monolith:999990", source: "monolith", position: 999990, previousPosition: null, table: "products", op: "insert" as const, key: { id: 902 }, before: null, after: { id: 902, sku: "SKU-902", name: "Never", description: "", price_cents: 1, category_id: 1, active: 1, created_at: "2026-01-01T00:00:00.000Z", updated_at: "2026-01-01T00:00:00.000Z" }, committedAt: "2026-01-01T00:00:00.000Z", origin: "monolith" };
    await store.park(insert, "mapping failed: CHECK constraint failed", 8, new Date());
    await store.park({ ...insert, id: "monolith:999991", position: 999991, previousPosition: 999990, op: "update" }, "held behind parked change monolith:999990 of the same row", 0, new Date());

    for (const args of [["--key", "902"], ["--key", "902", "--reason", "   "]]) {
      const refused = await cli("sync", "discard", ...args);
      expect(refused.code).toBe(2);
      expect(refused.stdout).toBe("");
      expect(refused.stderr).toContain("error: sync discard needs --reason <text>");
    }
    const noKey = await cli("sync", "discard", "--reason", "why");
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain("needs --key <key>");
    expect(JSON.parse((await cli("sync", "parked", "--json")).stdout).parked.map((change: { position: number }) => change.position)).toEqual([999990, 999991]);

    const discarded = await cli("sync", "discard", "--key", "902", "--reason", "the product never existed upstream", "--json");
    expect(discarded.code).toBe(0);
    expect(JSON.parse(discarded.stdout)).toEqual({ service: "catalog", discarded: 2, stillParked: 0 });
    expect((await cli("sync", "parked")).stdout).toBe("no parked changes\n");
    const audit = (await catalog.dataSource.query(`SELECT "position", "key", "reason", "actor", "event" FROM "_strangler_discarded_changes" ORDER BY "position"`)) as Array<Record<string, string | number>>;
    expect(audit.map((row) => [row.position, row.key, row.reason])).toEqual([
      [999990, '{"id":902}', "the product never existed upstream"],
      [999991, '{"id":902}', "the product never existed upstream"],
    ]);
    expect(audit[0].actor).toMatch(/^strangler-cli/);
    expect(JSON.parse(audit[0].event as string)).toMatchObject({ id: "monolith:999990", after: { sku: "SKU-902" } });

    const nothing = await cli("sync", "discard", "--key", "902", "--reason", "again");
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain("error: no parked change has the key 902: nothing was discarded");

    await store.park({ ...insert, id: "monolith:999992", position: 999992, key: { id: 903 } }, "mapping failed", 8, new Date());
    const text = await cli("sync", "discard", "--key", '{"id":903}', "--table", "products", "--reason", "duplicate of 902");
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^catalog: discarded 1, still parked 0\nthe discarded change\(s\) are kept in catalog's _strangler_discarded_changes/);
  });
});
