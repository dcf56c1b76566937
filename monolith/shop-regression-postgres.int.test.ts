import { startMonolith, type RunningMonolith } from "../testing/monolith";
import { tempPostgresDatabase, type TempPostgresDatabase } from "../testing/postgres";
import { describeShopRegression } from "../testing/regression";

// The same suite as shop-regression.int.test.ts, on a fresh PostgreSQL database (MONOLITH_DATABASE_URL):
// the shop's answers must not depend on which database it runs on.
let database: TempPostgresDatabase;
let shop: RunningMonolith;

beforeAll(async () => {
  database = await tempPostgresDatabase("strangler_shop_regression");
  shop = await startMonolith({ databaseUrl: database.url, seed: { categories: 5, products: 200, customers: 10, orders: 50 } });
});

afterAll(async () => {
  await shop?.close();
  await database?.drop();
});

describeShopRegression(() => ({ baseUrl: shop.url, adminToken: shop.adminToken }));
