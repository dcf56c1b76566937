import request from "supertest";
import { DataSource } from "typeorm";
import { liftWriteFence, setWriteFence } from "../cdc";
import { catalogReverseSyncMigrations, REVERSE_SYNC_MIGRATIONS_TABLE } from "../migrations/catalog/in-monolith";
import { sqliteOptions } from "../platform";
import { startMonolith, type RunningMonolith } from "../testing/monolith";
import { ShopFixtures } from "../testing/regression";
import type { CategoryJson, ProductJson } from "../testing/regression/shop-fixtures";

const GUARDED = ["categories", "products"];

let shop: RunningMonolith;
let fx: ShopFixtures;
// A connection of its own, as an operator's cut-over would use; it also installs the fence
// (the catalog team's migrations in the monolith's database, as the reverse sync runs them).
let fence: DataSource;
let product: ProductJson;
let emptyCategory: CategoryJson;

beforeAll(async () => {
  shop = await startMonolith();
  fx = new ShopFixtures(() => ({ baseUrl: shop.url, adminToken: shop.adminToken }));
  fence = new DataSource({ ...sqliteOptions(shop.dataSource.options.database as string), migrations: catalogReverseSyncMigrations, migrationsTableName: REVERSE_SYNC_MIGRATIONS_TABLE });
  await fence.initialize();
  await fence.runMigrations({ transaction: "each" });
  product = await fx.product({}, 10);
  emptyCategory = await fx.category();
});

afterAll(async () => {
  if (fence?.isInitialized) await fence.destroy();
  await shop?.close();
});

const admin = () => ({ authorization: `Bearer ${shop.adminToken}` });

async function catalogRows(): Promise<Record<string, unknown[]>> {
  const rows: Record<string, unknown[]> = {};
  for (const table of [...GUARDED, "stock_levels"]) rows[table] = await shop.dataSource.query(`SELECT * FROM "${table}" ORDER BY 1`);
  return rows;
}

function expectFenced(res: request.Response): void {
  expect(res.status).toBe(503);
  expect(res.body).toEqual({ error: { code: "SHOP_ERR_WRITE_FENCED", message: expect.stringContaining("retry shortly") } });
  expect(res.headers["retry-after"]).toBe("1");
  expect(res.headers["x-strangler-not-committed"]).toBe("1");
}

describe("the monolith with its catalog tables fenced in the database", () => {
  it("answers catalog writes 503 SHOP_ERR_WRITE_FENCED with Retry-After and x-strangler-not-committed, changing nothing", async () => {
    await setWriteFence(fence, GUARDED, "catalog writes move to the catalog service");
    const before = await catalogRows();
    expectFenced(await request(shop.url).post("/products").set(admin()).send({ sku: "FENCED-1", name: "Fenced lamp", priceCents: 100, categoryId: product.categoryId }));
    expectFenced(await request(shop.url).patch(`/products/${product.id}`).set(admin()).send({ priceCents: 1 }));
    expectFenced(await request(shop.url).delete(`/categories/${emptyCategory.id}`).set(admin()));
    expectFenced(await request(shop.url).post("/categories").set(admin()).send({ slug: "fenced", name: "Fenced" }));
    expect(await catalogRows()).toEqual(before);
  });

  it("answers a write that fails its own checks first as before (404, 409), not as fenced", async () => {
    expect((await request(shop.url).patch("/products/999999").set(admin()).send({ priceCents: 1 })).status).toBe(404);
    const duplicate = await request(shop.url).post("/products").set(admin()).send({ sku: product.sku, name: "Same SKU", priceCents: 100, categoryId: product.categoryId });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe("SHOP_ERR_DUPLICATE_SKU");
  });

  it("still takes orders and reads: stock levels and orders are not fenced", async () => {
    const customer = await fx.customer();
    const order = await request(shop.url).post("/orders").set("Cookie", customer.cookie).send({ lines: [{ productId: product.id, quantity: 2 }] });
    expect(order.status).toBe(201);
    expect(await fx.stockOf(product.id)).toBe(8);
    expect((await request(shop.url).get(`/products/${product.id}`)).status).toBe(200);
  });

  it("takes catalog writes again once the fence is lifted", async () => {
    await liftWriteFence(fence, GUARDED);
    const created = await request(shop.url).post("/products").set(admin()).send({ sku: "FENCED-1", name: "Fenced lamp", priceCents: 100, categoryId: product.categoryId });
    expect(created.status).toBe(201);
    const patched = await request(shop.url).patch(`/products/${product.id}`).set(admin()).send({ priceCents: 1 });
    expect(patched.body).toMatchObject({ priceCents: 1 });
    expect((await request(shop.url).delete(`/categories/${emptyCategory.id}`).set(admin())).status).toBe(204);
  });
});
