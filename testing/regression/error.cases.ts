import type { ShopFixtures } from "./shop-fixtures";

/** Requests that are wrong as a whole: bad JSON, wrong body shapes, unknown paths. */
export function describeErrorCases(fx: ShopFixtures): void {
  describe("malformed requests", () => {
    it("answers malformed JSON with 400 and creates nothing", async () => {
      const slug = fx.unique("broken");
      const res = await fx.http.post("/categories").set("Authorization", fx.admin).set("Content-Type", "application/json").send(`{"slug":"${slug}",`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("SHOP_ERR_MALFORMED_BODY");
      const list = await fx.http.get("/categories");
      expect(list.body.items.some((category: { slug: string }) => category.slug === slug)).toBe(false);
    });

    it("answers a JSON array or a non-JSON body where an object is expected with 400", async () => {
      const array = await fx.http.post("/customers").send([{ email: "a@b.test" }]);
      expect(array.status).toBe(400);
      expect(array.body.error.code).toBe("SHOP_ERR_VALIDATION");
      const text = await fx.http.post("/customers").set("Content-Type", "text/plain").send("email=a@b.test");
      expect(text.status).toBe(400);
      expect(text.body.error.code).toBe("SHOP_ERR_VALIDATION");
    });

    it("answers an oversized body with 413", async () => {
      const res = await fx.http.post("/customers").send({ email: "big@example.test", name: "x".repeat(200_000), password: "long enough" });
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe("SHOP_ERR_MALFORMED_BODY");
    });

    it("answers an unknown path with a JSON 404", async () => {
      const res = await fx.http.get("/no/such/page");
      expect(res.status).toBe(404);
      expect(res.headers["content-type"]).toMatch(/^application\/json/);
      expect(res.body.error).toEqual({ code: "SHOP_ERR_NOT_FOUND", message: expect.any(String) });
    });
  });
}
