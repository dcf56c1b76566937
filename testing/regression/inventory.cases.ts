import type { ShopFixtures } from "./shop-fixtures";

/** `/inventory/:productId`: read, set, adjust, never below zero. */
export function describeInventoryCases(fx: ShopFixtures): void {
  describe("inventory", () => {
    it("starts a new product at zero stock", async () => {
      const product = await fx.product();
      const res = await fx.http.get(`/inventory/${product.id}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ productId: product.id, quantity: 0, updatedAt: expect.any(String) });
    });

    it("sets stock and adjusts it up and down", async () => {
      const product = await fx.product();
      const set = await fx.http.put(`/inventory/${product.id}`).set("Authorization", fx.admin).send({ quantity: 10 });
      expect(set.body.quantity).toBe(10);
      const up = await fx.http.post(`/inventory/${product.id}/adjustments`).set("Authorization", fx.admin).send({ delta: 5 });
      expect(up.status).toBe(200);
      expect(up.body.quantity).toBe(15);
      const down = await fx.http.post(`/inventory/${product.id}/adjustments`).set("Authorization", fx.admin).send({ delta: -15 });
      expect(down.body.quantity).toBe(0);
      expect(await fx.stockOf(product.id)).toBe(0);
    });

    it("refuses to remove more than is on hand with 409 and keeps the stock", async () => {
      const product = await fx.product({}, 3);
      const res = await fx.http.post(`/inventory/${product.id}/adjustments`).set("Authorization", fx.admin).send({ delta: -4 });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe("SHOP_ERR_INSUFFICIENT_STOCK");
      expect(await fx.stockOf(product.id)).toBe(3);
    });

    it("rejects a zero or fractional delta and a negative quantity with 400", async () => {
      const product = await fx.product({}, 2);
      for (const [path, body] of [["adjustments", { delta: 0 }], ["adjustments", { delta: 1.5 }], ["adjustments", { delta: "3" }]] as const) {
        const res = await fx.http.post(`/inventory/${product.id}/${path}`).set("Authorization", fx.admin).send(body);
        expect(res.status).toBe(400);
        expect(res.body.error.fields[0].field).toBe("delta");
      }
      const negative = await fx.http.put(`/inventory/${product.id}`).set("Authorization", fx.admin).send({ quantity: -1 });
      expect(negative.status).toBe(400);
      expect(await fx.stockOf(product.id)).toBe(2);
    });

    it("answers 404 for the stock of an unknown product", async () => {
      const res = await fx.http.get("/inventory/2000000000");
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("SHOP_ERR_PRODUCT_NOT_FOUND");
      const adjust = await fx.http.post("/inventory/2000000000/adjustments").set("Authorization", fx.admin).send({ delta: 1 });
      expect(adjust.status).toBe(404);
    });

    it("guards stock changes with the admin token", async () => {
      const product = await fx.product({}, 4);
      expect((await fx.http.put(`/inventory/${product.id}`).send({ quantity: 99 })).status).toBe(401);
      expect((await fx.http.post(`/inventory/${product.id}/adjustments`).set("Authorization", "Bearer wrong").send({ delta: 9 })).status).toBe(403);
      expect(await fx.stockOf(product.id)).toBe(4);
    });
  });
}
