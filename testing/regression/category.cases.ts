import type { ShopFixtures } from "./shop-fixtures";

/** `/categories`: admin writes, public reads, duplicates and guards. */
export function describeCategoryCases(fx: ShopFixtures): void {
  describe("categories", () => {
    it("creates a category with the admin token and reads it back", async () => {
      const slug = fx.unique("garden");
      const created = await fx.http.post("/categories").set("Authorization", fx.admin).send({ slug, name: "Garden" });
      expect(created.status).toBe(201);
      expect(created.headers.location).toBe(`/categories/${created.body.id}`);
      expect(created.body).toEqual({ id: expect.any(Number), slug, name: "Garden", createdAt: expect.any(String), updatedAt: created.body.createdAt });
      const read = await fx.http.get(`/categories/${created.body.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(created.body);
    });

    it("lists categories including a new one", async () => {
      const category = await fx.category();
      const res = await fx.http.get("/categories");
      expect(res.status).toBe(200);
      expect(res.body.items).toContainEqual(category);
    });

    it("renames a category and moves its updatedAt forward", async () => {
      const category = await fx.category();
      const res = await fx.http.patch(`/categories/${category.id}`).set("Authorization", fx.admin).send({ name: "Renamed" });
      expect(res.status).toBe(200);
      expect(res.body.name).toBe("Renamed");
      expect(res.body.slug).toBe(category.slug);
      expect(res.body.updatedAt >= category.updatedAt).toBe(true);
    });

    it("refuses a duplicate slug with 409 and keeps the first category", async () => {
      const category = await fx.category();
      const res = await fx.http.post("/categories").set("Authorization", fx.admin).send({ slug: category.slug, name: "Copy" });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe("SHOP_ERR_DUPLICATE_SLUG");
      expect((await fx.http.get(`/categories/${category.id}`)).body).toEqual(category);
    });

    it("rejects an invalid slug with 400 naming the field", async () => {
      const res = await fx.http.post("/categories").set("Authorization", fx.admin).send({ slug: "Not A Slug!", name: "" });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("SHOP_ERR_VALIDATION");
      expect(res.body.error.fields.map((field: { field: string }) => field.field).sort()).toEqual(["name", "slug"]);
    });

    it("deletes an unused category, after which it is not found", async () => {
      const category = await fx.category();
      expect((await fx.http.delete(`/categories/${category.id}`).set("Authorization", fx.admin)).status).toBe(204);
      const res = await fx.http.get(`/categories/${category.id}`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("SHOP_ERR_CATEGORY_NOT_FOUND");
    });

    it("refuses to delete a category that still has products", async () => {
      const product = await fx.product();
      const res = await fx.http.delete(`/categories/${product.categoryId}`).set("Authorization", fx.admin);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe("SHOP_ERR_CATEGORY_IN_USE");
      expect((await fx.http.get(`/categories/${product.categoryId}`)).status).toBe(200);
    });

    it("answers 401 without a token and 403 with a wrong one, creating nothing", async () => {
      const slug = fx.unique("guarded");
      const missing = await fx.http.post("/categories").send({ slug, name: "Guarded" });
      expect(missing.status).toBe(401);
      expect(missing.body.error.code).toBe("SHOP_ERR_ADMIN_TOKEN_MISSING");
      const wrong = await fx.http.post("/categories").set("Authorization", "Bearer not-the-token").send({ slug, name: "Guarded" });
      expect(wrong.status).toBe(403);
      expect(wrong.body.error.code).toBe("SHOP_ERR_ADMIN_TOKEN_INVALID");
      const list = await fx.http.get("/categories");
      expect(list.body.items.some((category: { slug: string }) => category.slug === slug)).toBe(false);
    });
  });
}
