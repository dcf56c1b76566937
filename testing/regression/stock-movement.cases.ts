import { randomUUID } from "node:crypto";
import type { ShopFixtures } from "./shop-fixtures";

/** `/inventory/movements`: stock changes by idempotency key, all lines or none, revertible once. */
export function describeStockMovementCases(fx: ShopFixtures): void {
  describe("stock movements", () => {
    const move = (body: unknown) => fx.http.post("/inventory/movements").set("Authorization", fx.admin).send(body as object);
    const revert = (key: string) => fx.http.post(`/inventory/movements/${key}/revert`).set("Authorization", fx.admin).send();

    it("takes stock of every line once per key: a retry answers the first result and changes nothing", async () => {
      const [a, b] = [await fx.product({}, 10), await fx.product({}, 5)];
      const key = `order-${randomUUID()}`;
      const body = { key, lines: [{ productId: a.id, delta: -3 }, { productId: b.id, delta: -5 }] };
      const first = await move(body);
      expect(first.status).toBe(201);
      expect(first.body).toEqual({ key, state: "applied", lines: body.lines, createdAt: expect.any(String), revertedAt: null });
      const retry = await move(body);
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(first.body);
      expect([await fx.stockOf(a.id), await fx.stockOf(b.id)]).toEqual([7, 0]);
      const read = await fx.http.get(`/inventory/movements/${key}`).set("Authorization", fx.admin);
      expect(read.body).toEqual(first.body);
    });

    it("changes nothing when one line is short (409) and lets the same key succeed later", async () => {
      const [a, b] = [await fx.product({}, 10), await fx.product({}, 1)];
      const body = { key: randomUUID(), lines: [{ productId: a.id, delta: -2 }, { productId: b.id, delta: -2 }] };
      const short = await move(body);
      expect(short.status).toBe(409);
      expect(short.body.error.code).toBe("SHOP_ERR_INSUFFICIENT_STOCK");
      expect([await fx.stockOf(a.id), await fx.stockOf(b.id)]).toEqual([10, 1]);
      await fx.http.post(`/inventory/${b.id}/adjustments`).set("Authorization", fx.admin).send({ delta: 1 });
      expect((await move(body)).status).toBe(201);
      expect([await fx.stockOf(a.id), await fx.stockOf(b.id)]).toEqual([8, 0]);
    });

    it("reverts once: the stock comes back, a second revert and a late retry change nothing", async () => {
      const product = await fx.product({}, 4);
      const body = { key: randomUUID(), lines: [{ productId: product.id, delta: -4 }] };
      await move(body);
      const reverted = await revert(body.key);
      expect(reverted.status).toBe(200);
      expect(reverted.body).toMatchObject({ key: body.key, state: "reverted", revertedAt: expect.any(String) });
      expect((await revert(body.key)).body).toEqual(reverted.body);
      const late = await move(body);
      expect(late.status).toBe(409);
      expect(late.body.error.code).toBe("SHOP_ERR_STOCK_MOVEMENT_REVERTED");
      expect(await fx.stockOf(product.id)).toBe(4);
    });

    it("remembers a key reverted before it was ever made, so the original request cannot take stock after", async () => {
      const product = await fx.product({}, 3);
      const key = randomUUID();
      expect((await revert(key)).body).toMatchObject({ key, state: "reverted", lines: [] });
      expect((await move({ key, lines: [{ productId: product.id, delta: -1 }] })).status).toBe(409);
      expect(await fx.stockOf(product.id)).toBe(3);
    });

    it("refuses a reused key with other lines, bad input with 400, unknown products with 404, and asks for the admin token", async () => {
      const product = await fx.product({}, 3);
      const key = randomUUID();
      await move({ key, lines: [{ productId: product.id, delta: -1 }] });
      const reused = await move({ key, lines: [{ productId: product.id, delta: -2 }] });
      expect(reused.status).toBe(409);
      expect(reused.body.error.code).toBe("SHOP_ERR_IDEMPOTENCY_KEY_REUSED");
      for (const body of [{ key: "has space", lines: [{ productId: product.id, delta: 1 }] }, { key: randomUUID(), lines: [] }, { key: randomUUID(), lines: [{ productId: product.id, delta: 0 }] }, { key: randomUUID(), lines: [{ productId: product.id, delta: 1 }, { productId: product.id, delta: 1 }] }]) {
        const res = await move(body);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe("SHOP_ERR_VALIDATION");
      }
      const unknown = await move({ key: randomUUID(), lines: [{ productId: 2_000_000_000, delta: -1 }] });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe("SHOP_ERR_PRODUCT_NOT_FOUND");
      const missing = await fx.http.get(`/inventory/movements/${randomUUID()}`).set("Authorization", fx.admin);
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe("SHOP_ERR_STOCK_MOVEMENT_NOT_FOUND");
      expect((await fx.http.post("/inventory/movements").send({ key, lines: [{ productId: product.id, delta: -1 }] })).status).toBe(401);
      expect(await fx.stockOf(product.id)).toBe(2);
    });
  });
}
