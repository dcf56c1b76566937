import { catalogCategoryRow, catalogProductRow } from "./catalog-rows";

const product = { id: 7, sku: "SKU-7", name: "Chair", description: "", price_cents: 1999, category_id: 3, active: 1, created_at: "2024-01-01T00:00:00.000Z", updated_at: "2024-01-02T00:00:00.000Z" };

describe("monolith rows → catalog rows", () => {
  it("keeps the legacy id beside a deterministic catalog id", () => {
    const row = catalogProductRow(product);
    expect(row.legacy_id).toBe(7);
    expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(catalogProductRow(product).id).toBe(row.id);
    expect(catalogProductRow({ ...product, id: 8 }).id).not.toBe(row.id);
  });

  it("turns cents into minor units of USD and 0/1 into a flag", () => {
    expect(catalogProductRow(product)).toMatchObject({ price_minor: 1999, currency: "USD", active: 1, category_legacy_id: 3 });
    expect(catalogProductRow({ ...product, active: false }).active).toBe(0);
  });

  it("gives categories and products with the same legacy id different catalog ids", () => {
    const category = catalogCategoryRow({ id: 7, slug: "chairs", name: "Chairs", created_at: "a", updated_at: "b" });
    expect(category.id).not.toBe(catalogProductRow(product).id);
    expect(category).toMatchObject({ legacy_id: 7, slug: "chairs", name: "Chairs" });
  });
});
