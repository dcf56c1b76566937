import { randomUUID } from "node:crypto";
import request from "supertest";
import { SHOP_DATABASES, startMonolithOn, type RunningMonolith } from "../testing/monolith";
import { ShopFixtures } from "../testing/regression";

// Writes about the same rows at the same moment. SQLite takes them one at a time; PostgreSQL runs
// them side by side on its pool: the answers and the stock must be the same on both.
describe.each(SHOP_DATABASES)("concurrent writes on %s", (kind) => {
  let shop: RunningMonolith;
  let fx: ShopFixtures;
  const admin = () => `Bearer ${shop.adminToken}`;
  const move = (body: object) => request(shop.url).post("/inventory/movements").set("Authorization", admin()).send(body);
  const revert = (key: string) => request(shop.url).post(`/inventory/movements/${key}/revert`).set("Authorization", admin()).send();
  const times = <T>(count: number, make: (index: number) => PromiseLike<T>) => Promise.all(Array.from({ length: count }, (_, index) => make(index)));

  beforeAll(async () => {
    shop = await startMonolithOn(kind);
    fx = new ShopFixtures(() => ({ baseUrl: shop.url, adminToken: shop.adminToken }));
  });

  afterAll(async () => {
    await shop?.close();
  });

  it("cancels an order once when it is cancelled eight times at once, returning its stock once", async () => {
    const customer = await fx.customer();
    const product = await fx.product({}, 5);
    const order = await fx.order(customer, [{ productId: product.id, quantity: 3 }]);
    const answers = await times(8, () => request(shop.url).post(`/orders/${order.id}/cancel`).set("Cookie", customer.cookie));
    expect(answers.map((res) => res.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    expect(answers.filter((res) => res.status === 409).map((res) => res.body.error.message)).toEqual(Array(7).fill(`Order ${order.id} is cancelled`));
    expect(await fx.stockOf(product.id)).toBe(5);
  });

  it("takes stock once for eight movements with the same key at once, each answering the first result", async () => {
    const [a, b] = [await fx.product({}, 10), await fx.product({}, 10)];
    const body = { key: randomUUID(), lines: [{ productId: a.id, delta: -2 }, { productId: b.id, delta: -3 }] };
    const answers = await times(8, () => move(body));
    expect(answers.map((res) => res.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    for (const res of answers) expect(res.body).toEqual(answers[0].body);
    expect([await fx.stockOf(a.id), await fx.stockOf(b.id)]).toEqual([8, 7]);
  });

  it("returns the stock once for eight reverts of one movement at once", async () => {
    const product = await fx.product({}, 6);
    const key = randomUUID();
    expect((await move({ key, lines: [{ productId: product.id, delta: -4 }] })).status).toBe(201);
    const answers = await times(8, () => revert(key));
    expect(answers.map((res) => res.status)).toEqual(Array(8).fill(200));
    for (const res of answers) expect(res.body).toEqual(answers[0].body);
    expect(await fx.stockOf(product.id)).toBe(6);
  });

  it("leaves the stock as it was when a movement and its revert race", async () => {
    const product = await fx.product({}, 4);
    const keys = Array.from({ length: 6 }, () => randomUUID());
    await Promise.all(keys.flatMap((key) => [move({ key, lines: [{ productId: product.id, delta: -1 }] }), revert(key)]));
    expect(await fx.stockOf(product.id)).toBe(4);
    for (const key of keys) {
      const read = await request(shop.url).get(`/inventory/movements/${key}`).set("Authorization", admin());
      expect(read.body.state).toBe("reverted");
    }
  });

  it("places every order when orders list the same products in opposite orders at once", async () => {
    const customers = await Promise.all([fx.customer(), fx.customer()]);
    const [a, b] = [await fx.product({}, 100), await fx.product({}, 100)];
    const answers = await times(16, (index) => {
      const lines = index % 2 === 0 ? [{ productId: a.id, quantity: 1 }, { productId: b.id, quantity: 2 }] : [{ productId: b.id, quantity: 2 }, { productId: a.id, quantity: 1 }];
      return request(shop.url).post("/orders").set("Cookie", customers[index % 2].cookie).send({ lines });
    });
    expect(answers.map((res) => res.status)).toEqual(Array(16).fill(201));
    expect([await fx.stockOf(a.id), await fx.stockOf(b.id)]).toEqual([100 - 16, 100 - 32]);
  });

  it("either deletes a category or creates a product in it when both happen at once, never half of each", async () => {
    const outcomes = await times(8, async () => {
      const category = await fx.category();
      const [deleted, created] = await Promise.all([
        request(shop.url).delete(`/categories/${category.id}`).set("Authorization", admin()),
        request(shop.url).post("/products").set("Authorization", admin()).send({ sku: fx.unique("RACE"), name: "Race", priceCents: 1, categoryId: category.id }),
      ]);
      return `${deleted.status}/${created.status}`;
    });
    for (const outcome of outcomes) expect(["204/400", "409/201"]).toContain(outcome);
  });

  it("never oversells when orders and stock movements take the same product at once", async () => {
    const customer = await fx.customer();
    const product = await fx.product({}, 10);
    const answers = await times(20, (index) =>
      index % 2 === 0
        ? request(shop.url).post("/orders").set("Cookie", customer.cookie).send({ lines: [{ productId: product.id, quantity: 1 }] })
        : move({ key: randomUUID(), lines: [{ productId: product.id, delta: -1 }] }),
    );
    expect(answers.filter((res) => res.status === 201)).toHaveLength(10);
    expect(answers.filter((res) => res.status === 409)).toHaveLength(10);
    expect(await fx.stockOf(product.id)).toBe(0);
  });
});
