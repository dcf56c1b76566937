import { syncStatusSchema, type ChangeEvent } from "../../contracts";
import { describeDrift, startRelay, type RunningRelay } from "../../cdc";
import { startMonolith, testNatsServer, type RunningMonolith, type TestNatsServer } from "../../testing";
import { catalogChangePosition, readSyncStatus, startCatalog, waitForCatchUp, waitForSyncPosition, writeAsSync, type RunningCatalog } from "../../testing/catalog";
import { catalogMapping } from ".";
import { backfillService, repairService, verifyService } from "../../service-kit";
import { catalogSync } from "./sync";

describe("catalog service fed by the monolith's change stream", () => {
  let nats: TestNatsServer;
  let shop: RunningMonolith;
  let relay: RunningRelay;
  let catalog: RunningCatalog;
  const admin = () => ({ authorization: `Bearer ${shop.adminToken}`, "content-type": "application/json" });

  beforeAll(async () => {
    nats = await testNatsServer();
    shop = await startMonolith({ seed: { categories: 4, products: 40, customers: 2, orders: 5 } });
    relay = await startRelay({ db: shop.dataSource, url: nats.url });
    catalog = await startCatalog();
    await backfillService(catalogSync, shop.dataSource, catalog.dataSource, { chunkSize: 16 });
    await catalog.startSync(nats.url);
    await waitForCatchUp(catalog.url, relay.relay, await catalogChangePosition(shop.dataSource));
  });

  afterAll(async () => {
    await catalog?.close();
    await relay?.stop();
    await shop?.close();
    await nats?.close();
  });

  it("holds the monolith's catalog after the backfill, with zero drift", async () => {
    const report = await verifyService(catalogSync, shop.dataSource, catalog.dataSource);
    expect(report).toEqual({ drift: [], compared: { categories: 4, products: 40 } });
    const legacy = await (await fetch(`${shop.url}/products/7`)).json();
    expect(await (await fetch(`${catalog.url}/products/7`)).json()).toEqual(legacy);
  });

  it("applies products created, changed and deleted in the monolith, waiting on the sync position", async () => {
    const created = await fetch(`${shop.url}/products`, { method: "POST", headers: admin(), body: JSON.stringify({ sku: "SYNC-1", name: "Synced lamp", priceCents: 4200, categoryId: 2 }) });
    const product = (await created.json()) as { id: number };
    await waitForSyncPosition(catalog.url, await catalogChangePosition(shop.dataSource));
    expect(await (await fetch(`${catalog.url}/products/${product.id}`)).json()).toEqual(await (await fetch(`${shop.url}/products/${product.id}`)).json());

    await fetch(`${shop.url}/products/${product.id}`, { method: "PATCH", headers: admin(), body: JSON.stringify({ priceCents: 3900, active: false }) });
    await waitForSyncPosition(catalog.url, await catalogChangePosition(shop.dataSource));
    const changed = await fetch(`${catalog.url}/products/${product.id}`);
    expect(await changed.json()).toMatchObject({ priceCents: 3900, active: false });
    expect(changed.headers.get("etag")).toBe((await fetch(`${shop.url}/products/${product.id}`)).headers.get("etag"));

    await fetch(`${shop.url}/products/${product.id}`, { method: "DELETE", headers: admin() });
    await waitForSyncPosition(catalog.url, await catalogChangePosition(shop.dataSource));
    const gone = await fetch(`${catalog.url}/products/${product.id}`);
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ error: { code: "SHOP_ERR_PRODUCT_NOT_FOUND" } });
  });

  it("stores a product that arrives before its category and serves it with the legacy category id", async () => {
    const row = { id: 9001, sku: "EARLY-1", name: "Early", description: "", price_cents: 100, category_id: 777, active: 1, created_at: "2024-01-01T00:00:00.000Z", updated_at: "2024-01-01T00:00:00.000Z" };
    const change: ChangeEvent = { kind: "change", id: "monolith:1", source: "monolith", position: 1, previousPosition: null, table: "products", op: "insert", key: { id: 9001 }, before: null, after: row, committedAt: row.created_at, origin: "monolith" };
    // As the consumer applies it: in a sync writer's transaction (the catalog's tables are fenced: the monolith owns them).
    await writeAsSync(catalog.dataSource, (tx) => catalogMapping.products.upsert(row, tx, change));
    expect(await (await fetch(`${catalog.url}/products/9001`)).json()).toMatchObject({ id: 9001, categoryId: 777 });
    await writeAsSync(catalog.dataSource, (tx) => catalogMapping.products.delete({ id: 9001 }, tx, { ...change, op: "delete", after: null }));
    expect((await fetch(`${catalog.url}/products/9001`)).status).toBe(404);
  });

  it("verify names a row corrupted in the catalog database, and repair re-syncs just that key", async () => {
    // A stray writer that bypassed the catalog's fence (it carries a capture origin, as sync would).
    await writeAsSync(catalog.dataSource, (tx) => tx.query(`UPDATE "products" SET "name" = 'corrupted', "price_minor" = 1 WHERE "legacy_id" = 5`));
    const report = await verifyService(catalogSync, shop.dataSource, catalog.dataSource);
    expect(report.drift.map((drift) => `${drift.table} ${drift.key} ${drift.kind}`)).toEqual(["products 5 different"]);
    expect(describeDrift(report.drift[0])).toMatch(/name: expected ".+", found "corrupted"; price_minor: expected \d+, found 1/);

    const repaired = await repairService(catalogSync, shop.dataSource, catalog.dataSource, report);
    expect(repaired).toHaveLength(1);
    expect((await verifyService(catalogSync, shop.dataSource, catalog.dataSource)).drift).toEqual([]);
  });

  it("answers GET /internal/sync/status in the shared contract", async () => {
    const status = syncStatusSchema.parse(await readSyncStatus(catalog.url));
    expect(status.service).toBe("catalog");
    expect(status.streams).toEqual([expect.objectContaining({ stream: "CDC_MONOLITH", running: true, parked: 0 })]);
    expect(status.streams[0].lastAppliedPosition).toBeGreaterThan(0);
  });
});
