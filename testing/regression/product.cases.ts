import type { ShopFixtures } from "./shop-fixtures";

const PRODUCT_KEYS = ["active", "categoryId", "createdAt", "description", "id", "name", "priceCents", "sku", "updatedAt"];

/** `/products/:id` and product writes: the legacy JSON contract, ETags, duplicates, bad input. */
export function describeProductCases(fx: ShopFixtures): void {
  describe("products", () => {
    it("creates a product and answers the legacy product shape", async () => {
      const category = await fx.category();
      const sku = fx.unique("SKU");
      const res = await fx.http
        .post("/products")
        .set("Authorization", fx.admin)
        .send({ sku, name: "Oak shelf", description: "Solid oak", priceCents: 4999, categoryId: category.id });
      expect(res.status).toBe(201);
      expect(res.headers.location).toBe(`/products/${res.body.id}`);
      expect(Object.keys(res.body).sort()).toEqual(PRODUCT_KEYS);
      expect(res.body).toMatchObject({ sku, name: "Oak shelf", description: "Solid oak", priceCents: 4999, categoryId: category.id, active: true });
      expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
    });

    it("reads a product with an ETag and answers 304 to a matching If-None-Match", async () => {
      const product = await fx.product();
      const first = await fx.http.get(`/products/${product.id}`);
      expect(first.status).toBe(200);
      expect(first.body).toEqual(product);
      const etag = first.headers.etag;
      expect(etag).toMatch(/^"[^"]+"$/);
      const cached = await fx.http.get(`/products/${product.id}`).set("If-None-Match", etag);
      expect(cached.status).toBe(304);
      expect(cached.text ?? "").toBe("");
    });

    it("changes the ETag when the product changes", async () => {
      const product = await fx.product();
      const before = (await fx.http.get(`/products/${product.id}`)).headers.etag;
      const patched = await fx.http.patch(`/products/${product.id}`).set("Authorization", fx.admin).send({ priceCents: 999 });
      expect(patched.status).toBe(200);
      expect(patched.body.priceCents).toBe(999);
      const after = await fx.http.get(`/products/${product.id}`).set("If-None-Match", before);
      expect(after.status).toBe(200);
      expect(after.headers.etag).not.toBe(before);
      expect(after.body.priceCents).toBe(999);
    });

    it("refuses a duplicate SKU with 409 and leaves the first product as it was", async () => {
      const product = await fx.product();
      const res = await fx.http
        .post("/products")
        .set("Authorization", fx.admin)
        .send({ sku: product.sku, name: "Impostor", priceCents: 1, categoryId: product.categoryId });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe("SHOP_ERR_DUPLICATE_SKU");
      expect((await fx.http.get(`/products/${product.id}`)).body).toEqual(product);
    });

    it("refuses a SKU change onto another product's SKU", async () => {
      const first = await fx.product();
      const second = await fx.product({ categoryId: first.categoryId });
      const res = await fx.http.patch(`/products/${second.id}`).set("Authorization", fx.admin).send({ sku: first.sku });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe("SHOP_ERR_DUPLICATE_SKU");
      expect((await fx.http.get(`/products/${second.id}`)).body.sku).toBe(second.sku);
    });

    it("rejects wrong types and negative prices with 400 listing each field, creating nothing", async () => {
      const category = await fx.category();
      const sku = fx.unique("SKU");
      const res = await fx.http
        .post("/products")
        .set("Authorization", fx.admin)
        .send({ sku, name: 42, priceCents: -5, categoryId: String(category.id), active: "yes" });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("SHOP_ERR_VALIDATION");
      expect(res.body.error.fields.map((field: { field: string }) => field.field).sort()).toEqual(["active", "categoryId", "name", "priceCents"]);
      const search = await fx.http.get("/products").query({ q: sku });
      expect(search.body.total).toBe(0);
    });

    it("rejects fractional prices and unknown fields", async () => {
      const category = await fx.category();
      const res = await fx.http
        .post("/products")
        .set("Authorization", fx.admin)
        .send({ sku: fx.unique("SKU"), name: "Thing", priceCents: 10.5, categoryId: category.id, colour: "red" });
      expect(res.status).toBe(400);
      expect(res.body.error.fields.map((field: { field: string }) => field.field).sort()).toEqual(["colour", "priceCents"]);
    });

    it("rejects a product in a category that does not exist", async () => {
      const res = await fx.http
        .post("/products")
        .set("Authorization", fx.admin)
        .send({ sku: fx.unique("SKU"), name: "Orphan", priceCents: 100, categoryId: 2_000_000_000 });
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toEqual([{ field: "categoryId", message: expect.stringContaining("does not exist") }]);
    });

    it("answers 404 for an unknown product id and 400 for a malformed one", async () => {
      const unknown = await fx.http.get("/products/2000000000");
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe("SHOP_ERR_PRODUCT_NOT_FOUND");
      const malformed = await fx.http.get("/products/abc");
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.fields[0].field).toBe("id");
    });

    it("updates several fields at once and refuses an empty or unknown change", async () => {
      const product = await fx.product();
      const updated = await fx.http
        .patch(`/products/${product.id}`)
        .set("Authorization", fx.admin)
        .send({ name: "Renamed product", description: "New text", active: false });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ id: product.id, sku: product.sku, name: "Renamed product", description: "New text", active: false });
      const empty = await fx.http.patch(`/products/${product.id}`).set("Authorization", fx.admin).send({});
      expect(empty.status).toBe(400);
      const unknownField = await fx.http.patch(`/products/${product.id}`).set("Authorization", fx.admin).send({ stock: 5 });
      expect(unknownField.status).toBe(400);
      expect((await fx.http.get(`/products/${product.id}`)).body).toEqual(updated.body);
    });

    it("deletes a product, after which it and its stock are not found", async () => {
      const product = await fx.product();
      expect((await fx.http.delete(`/products/${product.id}`).set("Authorization", fx.admin)).status).toBe(204);
      expect((await fx.http.get(`/products/${product.id}`)).status).toBe(404);
      expect((await fx.http.get(`/inventory/${product.id}`)).status).toBe(404);
      expect((await fx.http.delete(`/products/${product.id}`).set("Authorization", fx.admin)).status).toBe(404);
    });

    it("guards product writes with the admin token", async () => {
      const product = await fx.product();
      expect((await fx.http.patch(`/products/${product.id}`).send({ priceCents: 1 })).status).toBe(401);
      expect((await fx.http.patch(`/products/${product.id}`).set("Authorization", "Bearer wrong").send({ priceCents: 1 })).status).toBe(403);
      expect((await fx.http.delete(`/products/${product.id}`).set("Authorization", "Bearer wrong")).status).toBe(403);
      expect((await fx.http.get(`/products/${product.id}`)).body).toEqual(product);
    });
  });
}
