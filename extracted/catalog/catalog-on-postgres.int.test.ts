import { liftWriteFence, readWriteFence, startRelay, type RunningRelay, type RunningConsumer } from "../../cdc";
import { createLogger, isWriteFencedError } from "../../platform";
import { backfillService, startForwardSync, verifyService } from "../../service-kit";
import { httpOnFreePort, startMonolith, testNatsServer, tempPostgresDatabase, type RunningHttp, type RunningMonolith, type TempPostgresDatabase, type TestNatsServer } from "../../testing";
import { catalogChangePosition } from "../../testing/catalog";
import { createCatalogApp } from "./app";
import { createCatalogDataSource, openCatalogDatabase } from "./data-source";
import { catalogSync } from "./sync";
import type { DataSource } from "typeorm";

// The catalog's own database on PostgreSQL (CATALOG_DATABASE_URL): the same migrations, the same
// sync from the monolith, the same answers; its capture logs only its own writes, and its write
// fence refuses them while the monolith owns catalog-writes.
describe("the catalog on a PostgreSQL database", () => {
  let nats: TestNatsServer;
  let shop: RunningMonolith;
  let relay: RunningRelay;
  let database: TempPostgresDatabase;
  let catalog: DataSource;
  let sync: RunningConsumer;
  let http: RunningHttp;

  beforeAll(async () => {
    nats = await testNatsServer();
    shop = await startMonolith({ seed: { categories: 4, products: 60, customers: 2, orders: 5 } });
    relay = await startRelay({ db: shop.dataSource, url: nats.url });
    database = await tempPostgresDatabase();
    catalog = createCatalogDataSource(database.url);
    await openCatalogDatabase(catalog);
    await backfillService(catalogSync, shop.dataSource, catalog, { chunkSize: 16 });
    sync = await startForwardSync(catalogSync, { db: catalog, natsUrl: nats.url, ackWaitMs: 2000 });
    http = await httpOnFreePort(createCatalogApp({ dataSource: catalog, logger: createLogger({ service: "catalog", silent: true }), adminToken: shop.adminToken }));
  });

  afterAll(async () => {
    await http?.close();
    await sync?.stop();
    await relay?.stop();
    if (catalog?.isInitialized) await catalog.destroy();
    await database?.drop();
    await shop?.close();
    await nats?.close();
  });

  it("starts as the non-owner: the monolith owns catalog-writes and the catalog's tables are fenced", async () => {
    expect(await catalog.query(`SELECT "write_group", "owner", "epoch" FROM "_strangler_ownership"`)).toEqual([{ write_group: "catalog-writes", owner: "monolith", epoch: 0 }]);
    expect((await readWriteFence(catalog)).map((row) => [row.table, row.holder])).toEqual([
      ["categories", "ownership"],
      ["products", "ownership"],
    ]);
  });

  it("follows the monolith, verifies without drift and answers as the monolith does", async () => {
    const headers = { authorization: `Bearer ${shop.adminToken}`, "content-type": "application/json" };
    const created = await fetch(`${shop.url}/products`, { method: "POST", headers, body: JSON.stringify({ sku: "PG-CAT-1", name: "Lamp", priceCents: 4200, categoryId: 2 }) });
    const { id } = (await created.json()) as { id: number };
    await fetch(`${shop.url}/products/7`, { method: "PATCH", headers, body: JSON.stringify({ priceCents: 3900, active: false }) });
    const position = await catalogChangePosition(shop.dataSource);
    const deadline = Date.now() + 30_000;
    while ((await sync.consumer.status()).lastAppliedPosition < position) {
      if (Date.now() > deadline) throw new Error(`the catalog did not apply position ${position}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await verifyService(catalogSync, shop.dataSource, catalog)).toEqual({ drift: [], compared: { categories: 4, products: 61 } });
    for (const path of [`/products/${id}`, "/products/7", "/products?limit=20&sort=name", "/categories"]) {
      const [legacy, service] = await Promise.all([fetch(`${shop.url}${path}`), fetch(`${http.url}${path}`)]);
      expect([service.status, await service.text()]).toEqual([legacy.status, await legacy.text()]);
    }
  });

  it("logs only the catalog's own writes, and its fence refuses them while it does not own them", async () => {
    const logged = async () => Number((await catalog.query(`SELECT count(*) AS n FROM strangler.changes`))[0].n);
    expect(await logged()).toBe(0); // everything so far came by sync
    // Capture v2 (its migrations upgrade v1): the catalog's own commits are never numbered one at a time.
    expect(await catalog.query(`SELECT capture_version AS "version" FROM strangler.capture_context`)).toEqual([{ version: 2 }]);
    const refused = await catalog.query(`UPDATE "products" SET "name" = 'local' WHERE "legacy_id" = 7`).then(
      () => null,
      (err: unknown) => err,
    );
    expect(isWriteFencedError(refused)).toBe(true);
    expect(await logged()).toBe(0);
  });

  it("once it owns its tables, takes writes on PostgreSQL: a monolith id from its own counter, the write logged with its request id", async () => {
    // What a cut-over's commit leaves in the catalog's database (the monolith side is not part of this test).
    await liftWriteFence(catalog, ["categories", "products"], { onlyHolder: "ownership" });
    await catalog.query(`UPDATE "_strangler_ownership" SET "owner" = 'service', "epoch" = 1`);
    const headers = { authorization: `Bearer ${shop.adminToken}`, "content-type": "application/json", "x-request-id": "req-pg-1" };
    const created = await fetch(`${http.url}/products`, { method: "POST", headers, body: JSON.stringify({ sku: "PG-CAT-2", name: "Desk", priceCents: 9900, categoryId: 1 }) });
    expect(created.status).toBe(201);
    const product = (await created.json()) as { id: number };
    expect(product.id).toBe(62); // above the 61 products the monolith has: its sequence continues
    const changes = await catalog.query(`SELECT table_name, op, request_id, origin FROM strangler.changes ORDER BY position`);
    expect(changes).toEqual([{ table_name: "products", op: "insert", request_id: "req-pg-1", origin: "catalog" }]);
  });
});
