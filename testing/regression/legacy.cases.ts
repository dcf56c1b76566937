import type { ShopFixtures } from "./shop-fixtures";

/** Shapes a proxy must carry untouched: HTML page, streamed CSV, redirect, health, request ids. */
export function describeLegacyCases(fx: ShopFixtures): void {
  describe("legacy shapes", () => {
    it("renders the product page as HTML with user content escaped", async () => {
      const product = await fx.product({ name: `<script>alert("x")</script> & co`, priceCents: 123456 }, 3);
      const res = await fx.http.get(`/shop/products/${product.id}`);
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^text\/html/);
      expect(res.text).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co");
      expect(res.text).not.toContain("<script>");
      expect(res.text).toContain("$1234.56");
      expect(res.text).toContain("In stock (3)");
    });

    it("answers 404 JSON for the page of an unknown product", async () => {
      const res = await fx.http.get("/shop/products/2000000000");
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("SHOP_ERR_PRODUCT_NOT_FOUND");
    });

    it("streams the product export as CSV with proper quoting", async () => {
      const product = await fx.product({ name: 'Chair, "deluxe"', description: "line one\nline two" });
      const res = await fx.http.get("/export/products.csv").buffer(true);
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^text\/csv/);
      expect(res.headers["transfer-encoding"]).toBe("chunked");
      expect(res.text.startsWith("id,sku,name,description,price_cents,category_id,active,created_at,updated_at\r\n")).toBe(true);
      const row = `${product.id},${product.sku},"Chair, ""deluxe""","line one\nline two",1250,${product.categoryId},true,${product.createdAt},${product.updatedAt}\r\n`;
      expect(res.text).toContain(row);
    });

    it("redirects the old catalog URL permanently, keeping the query", async () => {
      const res = await fx.http.get("/catalog?page=2&pageSize=5").redirects(0);
      expect(res.status).toBe(301);
      expect(res.headers.location).toBe("/products?page=2&pageSize=5");
    });

    it("reports health at /healthz", async () => {
      const res = await fx.http.get("/healthz");
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: "ok" });
    });

    it("echoes the caller's x-request-id and makes one up otherwise", async () => {
      const given = await fx.http.get("/healthz").set("x-request-id", "regression-42");
      expect(given.headers["x-request-id"]).toBe("regression-42");
      const made = await fx.http.get("/healthz");
      expect(made.headers["x-request-id"]).toMatch(/^[A-Za-z0-9._:-]{8,}$/);
    });
  });
}
