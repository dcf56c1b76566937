import request from "supertest";
import { SHOP_DATABASES, shopQuery, startMonolithOn, type RunningMonolith } from "../testing/monolith";
import { ShopFixtures } from "../testing/regression";

const TABLES = ["categories", "products", "stock_levels", "customers", "sessions", "orders", "order_lines"];

describe.each(SHOP_DATABASES)("on %s", (kind) => {
  let shop: RunningMonolith;
  let fx: ShopFixtures;

  beforeAll(async () => {
    shop = await startMonolithOn(kind);
    fx = new ShopFixtures(() => ({ baseUrl: shop.url, adminToken: shop.adminToken }));
  });

  afterAll(async () => {
    await shop?.close();
  });

  /** Every row of every shop table, in a stable order: equal snapshots mean an unchanged database. */
  async function snapshot(): Promise<Record<string, unknown[]>> {
    const tables: Record<string, unknown[]> = {};
    for (const table of TABLES) tables[table] = await shop.dataSource.query(`SELECT * FROM ${table} ORDER BY 1`);
    return tables;
  }

  async function stockRow(productId: number): Promise<number> {
    const [row] = await shopQuery<{ quantity: number }>(shop.dataSource, "SELECT quantity FROM stock_levels WHERE product_id = ?", [productId]);
    return row.quantity;
  }

  const orderCount = async () => (await shopQuery<{ n: number }>(shop.dataSource, "SELECT CAST(COUNT(*) AS INTEGER) AS n FROM orders"))[0].n;

  /** Makes the database refuse order lines of `productId` (a trigger); returns how to undo it. */
  async function failLinesOf(productId: number): Promise<() => Promise<void>> {
    if (kind === "sqlite") {
      await shop.dataSource.query(`CREATE TRIGGER fail_second_line BEFORE INSERT ON order_lines WHEN NEW.product_id = ${productId} BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
      return async () => void (await shop.dataSource.query("DROP TRIGGER fail_second_line"));
    }
    await shop.dataSource.query(
      `CREATE FUNCTION fail_second_line() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.product_id = ${productId} THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$`,
    );
    await shop.dataSource.query("CREATE TRIGGER fail_second_line BEFORE INSERT ON order_lines FOR EACH ROW EXECUTE FUNCTION fail_second_line()");
    return async () => {
      await shop.dataSource.query("DROP TRIGGER fail_second_line ON order_lines");
      await shop.dataSource.query("DROP FUNCTION fail_second_line()");
    };
  }

  describe("placing orders against the database", () => {
    it("sells the last unit to exactly one of twelve parallel orders and never goes below zero", async () => {
      const customers = await Promise.all([fx.customer(), fx.customer(), fx.customer()]);
      const product = await fx.product({}, 1);
      const ordersBefore = await orderCount();
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          request(shop.url).post("/orders").set("Cookie", customers[index % 3].cookie).send({ lines: [{ productId: product.id, quantity: 1 }] }),
        ),
      );
      const statuses = answers.map((res) => res.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(1);
      expect(statuses.filter((status) => status === 409)).toHaveLength(11);
      expect(await stockRow(product.id)).toBe(0);
      expect(await orderCount()).toBe(ordersBefore + 1);
      expect(await shopQuery(shop.dataSource, "SELECT quantity FROM order_lines WHERE product_id = ?", [product.id])).toEqual([{ quantity: 1 }]);
    });

    it("leaves no trace of an order whose second line is short of stock", async () => {
      const customer = await fx.customer();
      const plenty = await fx.product({}, 10);
      const scarce = await fx.product({}, 1);
      const before = await snapshot();
      const res = await request(shop.url)
        .post("/orders")
        .set("Cookie", customer.cookie)
        .send({ lines: [{ productId: plenty.id, quantity: 3 }, { productId: scarce.id, quantity: 2 }] });
      expect(res.status).toBe(409);
      expect(await snapshot()).toEqual(before);
    });

    it("rolls the whole order back when the database fails after stock was taken", async () => {
      const customer = await fx.customer();
      const first = await fx.product({}, 5);
      const second = await fx.product({}, 5);
      // The line insert of `second` fails after its stock update and after the whole first line.
      const undo = await failLinesOf(second.id);
      try {
        const before = await snapshot();
        const res = await request(shop.url)
          .post("/orders")
          .set("Cookie", customer.cookie)
          .send({ lines: [{ productId: first.id, quantity: 2 }, { productId: second.id, quantity: 1 }] });
        expect(res.status).toBe(500);
        expect(res.body).toEqual({ error: { code: "SHOP_ERR_INTERNAL", message: "Internal error" } });
        expect(await snapshot()).toEqual(before);
      } finally {
        await undo();
      }
      expect((await request(shop.url).post("/orders").set("Cookie", customer.cookie).send({ lines: [{ productId: second.id, quantity: 1 }] })).status).toBe(201);
    });

    it("puts stock back and keeps the lines when an order is cancelled", async () => {
      const customer = await fx.customer();
      const product = await fx.product({}, 3);
      const order = await fx.order(customer, [{ productId: product.id, quantity: 3 }]);
      expect(await stockRow(product.id)).toBe(0);
      await request(shop.url).post(`/orders/${order.id}/cancel`).set("Cookie", customer.cookie).expect(200);
      expect(await stockRow(product.id)).toBe(3);
      expect(await shopQuery(shop.dataSource, "SELECT status FROM orders WHERE id = ?", [order.id])).toEqual([{ status: "cancelled" }]);
      expect(await shopQuery(shop.dataSource, "SELECT CAST(COUNT(*) AS INTEGER) AS n FROM order_lines WHERE order_id = ?", [order.id])).toEqual([{ n: 1 }]);
    });
  });

  describe("bad input", () => {
    it("changes nothing in the database for any rejected request", async () => {
      const customer = await fx.customer();
      const product = await fx.product({}, 2);
      const http = request(shop.url);
      const admin = `Bearer ${shop.adminToken}`;
      const before = await snapshot();
      const rejected = [
        http.post("/products").set("Authorization", admin).set("Content-Type", "application/json").send("{not json"),
        http.post("/products").set("Authorization", admin).send({ sku: product.sku, name: "Duplicate", priceCents: 1, categoryId: product.categoryId }),
        http.post("/products").set("Authorization", admin).send({ sku: "NEW-1", name: "Typed wrong", priceCents: "12", categoryId: product.categoryId }),
        http.post("/products").set("Authorization", admin).send({ sku: "NEW-2", name: "Orphan", priceCents: 12, categoryId: 999_999 }),
        http.patch(`/products/${product.id}`).set("Authorization", admin).send({ priceCents: -1 }),
        http.patch("/products/999999").set("Authorization", admin).send({ priceCents: 1 }),
        http.patch(`/products/${product.id}`).send({ priceCents: 1 }),
        http.delete(`/products/${product.id}`).set("Authorization", "Bearer wrong"),
        http.put(`/inventory/${product.id}`).set("Authorization", admin).send({ quantity: -3 }),
        http.post(`/inventory/${product.id}/adjustments`).set("Authorization", admin).send({ delta: -3 }),
        http.post("/categories").set("Authorization", admin).send({ slug: "Bad Slug" }),
        http.delete(`/categories/${product.categoryId}`).set("Authorization", admin),
        http.post("/customers").send({ email: customer.email, name: "Again", password: "long enough" }),
        http.post("/customers").send({ email: "nope", name: "", password: "x" }),
        http.patch(`/customers/${customer.id}`).set("Cookie", customer.cookie).send({ email: "not-an-email" }),
        http.post("/orders").set("Cookie", customer.cookie).send({ lines: [{ productId: product.id, quantity: -1 }] }),
        http.post("/orders").set("Cookie", customer.cookie).send({ lines: [{ productId: product.id, quantity: 3 }] }),
        http.post("/orders").set("Cookie", customer.cookie).send({ lines: [{ productId: 999_999, quantity: 1 }] }),
        http.post("/orders").send({ lines: [{ productId: product.id, quantity: 1 }] }),
        http.post("/orders/999999/cancel").set("Cookie", customer.cookie),
        http.get("/products").query({ pageSize: 100_000 }),
      ];
      const statuses = (await Promise.all(rejected)).map((res) => res.status);
      expect(statuses.every((status) => status >= 400 && status < 500)).toBe(true);
      expect(await snapshot()).toEqual(before);
    });
  });
});
