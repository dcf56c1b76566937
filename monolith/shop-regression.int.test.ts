import { startMonolith, type RunningMonolith } from "../testing/monolith";
import { describeShopRegression } from "../testing/regression";

let shop: RunningMonolith;

// Seeded on purpose: the suite must not assume an empty shop (it also runs against long-lived stacks).
beforeAll(async () => {
  shop = await startMonolith({ seed: { categories: 5, products: 200, customers: 10, orders: 50 } });
});

afterAll(async () => {
  await shop?.close();
});

describeShopRegression(() => ({ baseUrl: shop.url, adminToken: shop.adminToken }));
