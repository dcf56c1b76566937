import type { ShopFixtures } from "./shop-fixtures";

/** `GET /products`: paging with totals, category and text filters, sorting, bounds. */
export function describeListingCases(fx: ShopFixtures): void {
  describe("product listing", () => {
    it("pages through a category with the total in the body and in X-Total-Count", async () => {
      const category = await fx.category();
      const created = [];
      for (const priceCents of [300, 100, 200]) created.push(await fx.product({ categoryId: category.id, priceCents }));
      const first = await fx.http.get("/products").query({ categoryId: category.id, pageSize: 2, page: 1 });
      expect(first.status).toBe(200);
      expect(first.headers["x-total-count"]).toBe("3");
      expect(first.body).toMatchObject({ page: 1, pageSize: 2, total: 3 });
      expect(first.body.items.map((item: { id: number }) => item.id)).toEqual([created[0].id, created[1].id]);
      const second = await fx.http.get("/products").query({ categoryId: category.id, pageSize: 2, page: 2 });
      expect(second.body.items.map((item: { id: number }) => item.id)).toEqual([created[2].id]);
      const beyond = await fx.http.get("/products").query({ categoryId: category.id, pageSize: 2, page: 3 });
      expect(beyond.body).toMatchObject({ items: [], total: 3 });
    });

    it("sorts by price and by name, both directions", async () => {
      const category = await fx.category();
      await fx.product({ categoryId: category.id, priceCents: 500, name: "Bravo" });
      await fx.product({ categoryId: category.id, priceCents: 100, name: "Charlie" });
      await fx.product({ categoryId: category.id, priceCents: 900, name: "Alpha" });
      const sorted = async (sort: string, key: "priceCents" | "name") =>
        (await fx.http.get("/products").query({ categoryId: category.id, sort })).body.items.map((item: Record<string, unknown>) => item[key]);
      expect(await sorted("price", "priceCents")).toEqual([100, 500, 900]);
      expect(await sorted("-price", "priceCents")).toEqual([900, 500, 100]);
      expect(await sorted("name", "name")).toEqual(["Alpha", "Bravo", "Charlie"]);
      expect(await sorted("-name", "name")).toEqual(["Charlie", "Bravo", "Alpha"]);
    });

    it("finds products by text in name, SKU or description, ignoring case", async () => {
      const word = fx.unique("Zephyr");
      const category = await fx.category();
      const byName = await fx.product({ categoryId: category.id, name: `The ${word} lamp` });
      const byDescription = await fx.product({ categoryId: category.id, description: `Pairs with the ${word.toUpperCase()}` });
      await fx.product({ categoryId: category.id });
      const res = await fx.http.get("/products").query({ q: word.toLowerCase() });
      expect(res.body.total).toBe(2);
      expect(res.body.items.map((item: { id: number }) => item.id).sort()).toEqual([byName.id, byDescription.id].sort());
    });

    it("matches % and _ in the text literally", async () => {
      const token = fx.unique("pct");
      const literal = await fx.product({ name: `100% ${token}` });
      await fx.product({ name: `1000 ${token}` });
      const res = await fx.http.get("/products").query({ q: `0% ${token}` });
      expect(res.body.items.map((item: { id: number }) => item.id)).toEqual([literal.id]);
    });

    it("filters by the active flag", async () => {
      const category = await fx.category();
      const active = await fx.product({ categoryId: category.id });
      const retired = await fx.product({ categoryId: category.id, active: false });
      const only = async (flag: string) => (await fx.http.get("/products").query({ categoryId: category.id, active: flag })).body.items.map((item: { id: number }) => item.id);
      expect(await only("true")).toEqual([active.id]);
      expect(await only("false")).toEqual([retired.id]);
    });

    it("rejects huge page sizes, page 0, unknown sorts and malformed filters with 400", async () => {
      for (const query of [{ pageSize: 101 }, { pageSize: 1_000_000 }, { page: 0 }, { page: -1 }, { sort: "stock" }, { categoryId: "x" }, { active: "maybe" }]) {
        const res = await fx.http.get("/products").query(query);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe("SHOP_ERR_VALIDATION");
        expect(res.body.error.fields[0].field).toBe(Object.keys(query)[0]);
      }
    });
  });
}
