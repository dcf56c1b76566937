import type { ShopFixtures } from "./shop-fixtures";

/** `/orders`: placing with stock checks, reading, listing, cancelling, concurrency. */
export function describeOrderCases(fx: ShopFixtures): void {
  describe("orders", () => {
    it("places an order: snapshots prices, computes the total and takes the stock", async () => {
      const customer = await fx.customer();
      const lamp = await fx.product({ priceCents: 1999 }, 5);
      const mug = await fx.product({ priceCents: 450 }, 10);
      const res = await fx.http.post("/orders").set("Cookie", customer.cookie).send({ lines: [{ productId: lamp.id, quantity: 2 }, { productId: mug.id, quantity: 3 }] });
      expect(res.status).toBe(201);
      expect(res.headers.location).toBe(`/orders/${res.body.id}`);
      expect(res.body).toMatchObject({
        customerId: customer.id,
        status: "placed",
        totalCents: 2 * 1999 + 3 * 450,
        lines: [
          { productId: lamp.id, quantity: 2, unitPriceCents: 1999, lineTotalCents: 3998 },
          { productId: mug.id, quantity: 3, unitPriceCents: 450, lineTotalCents: 1350 },
        ],
      });
      expect(await fx.stockOf(lamp.id)).toBe(3);
      expect(await fx.stockOf(mug.id)).toBe(7);
    });

    it("keeps the price an order was placed at when the product price changes", async () => {
      const customer = await fx.customer();
      const product = await fx.product({ priceCents: 1000 }, 2);
      const order = await fx.order(customer, [{ productId: product.id, quantity: 1 }]);
      await fx.http.patch(`/products/${product.id}`).set("Authorization", fx.admin).send({ priceCents: 5000 });
      const read = await fx.http.get(`/orders/${order.id}`).set("Cookie", customer.cookie);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(order);
    });

    it("lists a customer's orders newest first, under /orders and /customers/:id/orders", async () => {
      const customer = await fx.customer();
      const product = await fx.product({}, 5);
      const first = await fx.order(customer, [{ productId: product.id, quantity: 1 }]);
      const second = await fx.order(customer, [{ productId: product.id, quantity: 2 }]);
      for (const path of ["/orders", `/customers/${customer.id}/orders`]) {
        const res = await fx.http.get(path).set("Cookie", customer.cookie);
        expect(res.status).toBe(200);
        expect(res.headers["x-total-count"]).toBe("2");
        expect(res.body).toEqual({ items: [second, first], page: 1, pageSize: 20, total: 2 });
      }
    });

    it("hides another customer's order as 404 and refuses their order list with 403", async () => {
      const alice = await fx.customer();
      const bob = await fx.customer();
      const product = await fx.product({}, 1);
      const order = await fx.order(alice, [{ productId: product.id, quantity: 1 }]);
      const read = await fx.http.get(`/orders/${order.id}`).set("Cookie", bob.cookie);
      expect(read.status).toBe(404);
      expect(read.body.error.code).toBe("SHOP_ERR_ORDER_NOT_FOUND");
      expect((await fx.http.post(`/orders/${order.id}/cancel`).set("Cookie", bob.cookie)).status).toBe(404);
      expect((await fx.http.get(`/customers/${alice.id}/orders`).set("Cookie", bob.cookie)).status).toBe(403);
      expect((await fx.http.get(`/orders/${order.id}`).set("Cookie", alice.cookie)).body.status).toBe("placed");
    });

    it("answers 404 for an unknown order and 401 without a session", async () => {
      const customer = await fx.customer();
      expect((await fx.http.get("/orders/2000000000").set("Cookie", customer.cookie)).status).toBe(404);
      const anonymous = await fx.http.post("/orders").send({ lines: [{ productId: 1, quantity: 1 }] });
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error.code).toBe("SHOP_ERR_SESSION_REQUIRED");
    });

    it("cancels an order, returns its stock, and refuses a second cancel", async () => {
      const customer = await fx.customer();
      const product = await fx.product({}, 4);
      const order = await fx.order(customer, [{ productId: product.id, quantity: 3 }]);
      expect(await fx.stockOf(product.id)).toBe(1);
      const cancelled = await fx.http.post(`/orders/${order.id}/cancel`).set("Cookie", customer.cookie);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.status).toBe("cancelled");
      expect(await fx.stockOf(product.id)).toBe(4);
      const again = await fx.http.post(`/orders/${order.id}/cancel`).set("Cookie", customer.cookie);
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe("SHOP_ERR_ORDER_NOT_CANCELLABLE");
      expect(await fx.stockOf(product.id)).toBe(4);
    });

    it("refuses an order larger than the stock with 409 and changes nothing", async () => {
      const customer = await fx.customer();
      const product = await fx.product({}, 2);
      const res = await fx.http.post("/orders").set("Cookie", customer.cookie).send({ lines: [{ productId: product.id, quantity: 3 }] });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe("SHOP_ERR_INSUFFICIENT_STOCK");
      expect(await fx.stockOf(product.id)).toBe(2);
      expect(await fx.orderCount(customer)).toBe(0);
    });

    it("rolls back the earlier lines when a later line fails", async () => {
      const customer = await fx.customer();
      const plenty = await fx.product({}, 10);
      const scarce = await fx.product({}, 1);
      const res = await fx.http
        .post("/orders")
        .set("Cookie", customer.cookie)
        .send({ lines: [{ productId: plenty.id, quantity: 4 }, { productId: scarce.id, quantity: 2 }] });
      expect(res.status).toBe(409);
      expect(await fx.stockOf(plenty.id)).toBe(10);
      expect(await fx.stockOf(scarce.id)).toBe(1);
      expect(await fx.orderCount(customer)).toBe(0);
    });

    it("rejects zero, negative, fractional and string quantities with 400 naming the line", async () => {
      const customer = await fx.customer();
      const product = await fx.product({}, 5);
      for (const quantity of [0, -2, 1.5, "2"]) {
        const res = await fx.http.post("/orders").set("Cookie", customer.cookie).send({ lines: [{ productId: product.id, quantity }] });
        expect(res.status).toBe(400);
        expect(res.body.error.fields).toEqual([{ field: "lines.0.quantity", message: expect.any(String) }]);
      }
      expect(await fx.stockOf(product.id)).toBe(5);
      expect(await fx.orderCount(customer)).toBe(0);
    });

    it("rejects empty orders, unknown products and repeated products with 400", async () => {
      const customer = await fx.customer();
      const product = await fx.product({}, 5);
      const cases: [unknown, string][] = [
        [{ lines: [] }, "lines"],
        [{}, "lines"],
        [{ lines: [{ productId: 2_000_000_000, quantity: 1 }] }, "lines.0.productId"],
        [{ lines: [{ productId: product.id, quantity: 1 }, { productId: product.id, quantity: 1 }] }, "lines.1.productId"],
      ];
      for (const [body, field] of cases) {
        const res = await fx.http.post("/orders").set("Cookie", customer.cookie).send(body as object);
        expect(res.status).toBe(400);
        expect(res.body.error.fields[0].field).toBe(field);
      }
      expect(await fx.stockOf(product.id)).toBe(5);
    });

    it("refuses to sell an inactive product", async () => {
      const customer = await fx.customer();
      const product = await fx.product({ active: false }, 5);
      const res = await fx.http.post("/orders").set("Cookie", customer.cookie).send({ lines: [{ productId: product.id, quantity: 1 }] });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe("SHOP_ERR_PRODUCT_INACTIVE");
      expect(await fx.stockOf(product.id)).toBe(5);
    });

    it("sells the last item to exactly one of several simultaneous orders", async () => {
      const customers = await Promise.all([fx.customer(), fx.customer(), fx.customer()]);
      const product = await fx.product({}, 1);
      const answers = await Promise.all(
        customers.map((customer) => fx.http.post("/orders").set("Cookie", customer.cookie).send({ lines: [{ productId: product.id, quantity: 1 }] })),
      );
      expect(answers.map((res) => res.status).sort()).toEqual([201, 409, 409]);
      expect(await fx.stockOf(product.id)).toBe(0);
    });

    it("refuses to delete a product that appears in orders", async () => {
      const customer = await fx.customer();
      const product = await fx.product({}, 1);
      await fx.order(customer, [{ productId: product.id, quantity: 1 }]);
      const res = await fx.http.delete(`/products/${product.id}`).set("Authorization", fx.admin);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe("SHOP_ERR_PRODUCT_IN_USE");
      expect((await fx.http.get(`/products/${product.id}`)).status).toBe(200);
    });
  });
}
