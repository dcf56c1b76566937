import { catalogCategoryRow, catalogProductRow } from "../catalog-rows";
import { monolithCategoryRow, monolithProductRow } from "./monolith-rows-of";

const product = { id: 7, sku: "SKU-7", name: "Chair", description: "oak", price_cents: 1999, category_id: 3, active: 1, created_at: "2024-01-01T00:00:00.000Z", updated_at: "2024-01-02T00:00:00.000Z" };
const category = { id: 3, slug: "chairs", name: "Chairs", created_at: "2024-01-01T00:00:00.000Z", updated_at: "2024-01-02T00:00:00.000Z" };

describe("catalog rows → monolith rows (reverse sync)", () => {
  it("gives back the monolith row a product came from", () => {
    expect(monolithProductRow(catalogProductRow(product))).toEqual(product);
    expect(monolithProductRow(catalogProductRow({ ...product, active: 0 })).active).toBe(0);
  });

  it("gives back the monolith row a category came from", () => {
    expect(monolithCategoryRow(catalogCategoryRow(category))).toEqual(category);
  });

  it("turns minor units into cents and the legacy id into the monolith's id", () => {
    const row = { ...catalogProductRow(product), legacy_id: 501, price_minor: 250, category_legacy_id: 9 };
    expect(monolithProductRow(row)).toMatchObject({ id: 501, price_cents: 250, category_id: 9 });
  });

  it("refuses a price in a currency the legacy shop cannot hold", () => {
    expect(() => monolithProductRow({ ...catalogProductRow(product), currency: "EUR" })).toThrow(/EUR/);
  });
});
