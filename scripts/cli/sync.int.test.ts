import { join } from "node:path";
import Database from "better-sqlite3";
import { SqlTargetStore, startRelay, type RunningRelay } from "../../cdc";
import { catalogMapping, SYNC_DURABLE, SYNC_SOURCE } from "../../extracted/catalog";
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
  }, 30_000);

  afterAll(async () => {
    await proxy?.close();
    await catalog?.close();
    await relay?.stop();
    await shop?.close();
    await nats?.close();
    dir?.remove();
  }, 30_000);

  it("backfills a service by name with progress and exits 0", async () => {
    const result = await cli("sync", "backfill", "catalog");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/backfill products: 40\/40 rows/);
    expect(result.stdout).toMatch(/backfill done in \d+ ms: \d+ rows written/);
  }, 30_000);

  it("refuses an unknown service with a non-zero exit and the services it found", async () => {
    const result = await cli("sync", "backfill", "billing");
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('No service "billing"');
    expect(result.stderr).toContain("Services found: catalog");
  }, 30_000);

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
  }, 30_000);

  it("verifies without drift (exit 0), then names a drifted key with a non-zero exit", async () => {
    const clean = await cli("verify", "catalog");
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain("compared 43 row(s) of catalog-writes: 0 drifted key(s); owner: the monolith (a repair copies monolith → service)");

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
  }, 60_000);

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
  }, 30_000);

  it("adds each route's match rate and the sync streams to status --json", async () => {
    const status = JSON.parse((await cli("status", "--json")).stdout);
    expect(status.routes[0]).toMatchObject({ id: "catalog-products-read", stage: "shadow", shadow: { matchRate: 1 } });
    expect(status.sync.streams[0]).toMatchObject({ service: "catalog", stream: "CDC_MONOLITH", running: true });
  }, 30_000);

  it("lists parked changes and replays one key through the running consumer", async () => {
    expect((await cli("sync", "parked")).stdout).toBe("no parked changes\n");
    const store = new SqlTargetStore({ db: catalog.dataSource, consumer: SYNC_DURABLE, source: SYNC_SOURCE, mapping: catalogMapping });
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
  }, 30_000);
});
