import request from "supertest";
import { liftWriteFence, readWriteFence, setWriteFence, startRelay, type RunningRelay } from "../../cdc";
import { startMonolith, testNatsServer, type RunningMonolith, type TestNatsServer } from "../../testing";
import { catalogChangePosition, startCatalog, waitForCatchUp, waitForSyncPosition, type RunningCatalog } from "../../testing/catalog";
import { backfillService, verifyService } from "../../service-kit";
import { catalogSync } from "./sync";

const GUARDED = ["categories", "products"];

describe("the catalog service with its tables fenced in the database", () => {
  let nats: TestNatsServer;
  let shop: RunningMonolith;
  let relay: RunningRelay;
  let catalog: RunningCatalog;
  // Made in the monolith while the catalog is fenced, and synced: targets of the catalog's refused writes.
  let product: { id: number; categoryId: number };
  let emptyCategory: { id: number };
  const admin = (token: string) => ({ authorization: `Bearer ${token}`, "content-type": "application/json" });

  beforeAll(async () => {
    nats = await testNatsServer();
    shop = await startMonolith({ seed: { categories: 3, products: 12, customers: 2, orders: 3 } });
    relay = await startRelay({ db: shop.dataSource, url: nats.url });
    catalog = await startCatalog();
    // Fenced from the start: the monolith owns the catalog's writes, sync alone fills the catalog.
    await setWriteFence(catalog.dataSource, GUARDED, "the monolith owns catalog writes");
    await backfillService(catalogSync, shop.dataSource, catalog.dataSource, { chunkSize: 5 });
    await catalog.startSync(nats.url);
    await waitForCatchUp(catalog.url, relay.relay, await catalogChangePosition(shop.dataSource));
  });

  afterAll(async () => {
    await catalog?.close();
    await relay?.stop();
    await shop?.close();
    await nats?.close();
  });

  it("takes the backfill into the fenced tables: sync writers pass the fence", async () => {
    expect((await readWriteFence(catalog.dataSource)).map((row) => row.table)).toEqual(GUARDED);
    expect(await verifyService(catalogSync, shop.dataSource, catalog.dataSource)).toEqual({ drift: [], compared: { categories: 3, products: 12 } });
  });

  it("applies the monolith's writes through the forward consumer into the fenced tables", async () => {
    const token = shop.adminToken;
    emptyCategory = (await request(shop.url).post("/categories").set(admin(token)).send({ slug: "fence-empty", name: "Empty" })).body;
    product = (await request(shop.url).post("/products").set(admin(token)).send({ sku: "FENCE-1", name: "Fence lamp", priceCents: 700, categoryId: emptyCategory.id })).body;
    const moved = await request(shop.url).post("/products").set(admin(token)).send({ sku: "FENCE-2", name: "Other lamp", priceCents: 800, categoryId: emptyCategory.id });
    await request(shop.url).delete(`/products/${moved.body.id}`).set(admin(token));
    await waitForSyncPosition(catalog.url, await catalogChangePosition(shop.dataSource));
    expect((await request(catalog.url).get(`/products/${product.id}`)).body).toMatchObject({ sku: "FENCE-1", categoryId: emptyCategory.id });
    expect((await request(catalog.url).get(`/products/${moved.body.id}`)).status).toBe(404);
    // The product moves out so its category is empty, as a category delete needs.
    await request(shop.url).patch(`/products/${product.id}`).set(admin(token)).send({ categoryId: 1 });
    await waitForSyncPosition(catalog.url, await catalogChangePosition(shop.dataSource));
    expect(await verifyService(catalogSync, shop.dataSource, catalog.dataSource)).toMatchObject({ drift: [] });
  });

  it("answers its legacy write routes 503 SHOP_ERR_WRITE_FENCED with Retry-After and x-strangler-not-committed, changing nothing", async () => {
    const tables = ["categories", "products", "catalog_legacy_ids", "_strangler_changes"];
    const snapshot = async () => Promise.all(tables.map((table) => catalog.dataSource.query(`SELECT * FROM "${table}" ORDER BY 1`)));
    const before = await snapshot();
    const token = catalog.adminToken;
    const writes = [
      request(catalog.url).post("/categories").set(admin(token)).send({ slug: "fenced", name: "Fenced" }),
      request(catalog.url).patch(`/categories/${emptyCategory.id}`).set(admin(token)).send({ name: "Renamed" }),
      request(catalog.url).delete(`/categories/${emptyCategory.id}`).set(admin(token)),
      request(catalog.url).post("/products").set(admin(token)).send({ sku: "FENCE-3", name: "Refused", priceCents: 100, categoryId: 1 }),
      request(catalog.url).patch(`/products/${product.id}`).set(admin(token)).send({ priceCents: 1 }),
      request(catalog.url).delete(`/products/${product.id}`).set(admin(token)),
    ];
    for (const write of writes) {
      const res = await write;
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ error: { code: "SHOP_ERR_WRITE_FENCED", message: expect.stringContaining("retry shortly") } });
      expect(res.headers["retry-after"]).toBe("1");
      expect(res.headers["x-strangler-not-committed"]).toBe("1");
    }
    expect(await snapshot()).toEqual(before);
  });

  it("takes its writes once the fence is lifted", async () => {
    await liftWriteFence(catalog.dataSource, GUARDED);
    const token = catalog.adminToken;
    expect((await request(catalog.url).patch(`/products/${product.id}`).set(admin(token)).send({ priceCents: 1 })).body).toMatchObject({ priceCents: 1 });
    expect((await request(catalog.url).delete(`/categories/${emptyCategory.id}`).set(admin(token))).status).toBe(204);
  });
});
