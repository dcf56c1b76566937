import type { WriteParityCase } from "./write-parity-case";

/** Facts of the shared starting data that the write cases refer to. */
export interface CatalogWriteFixture {
  /** Rows present when the run starts (ids from 1, none deleted): the next ids are one above. */
  products: number;
  categories: number;
  /** A product that appears in an order line (cannot be deleted). */
  orderedProductId: number;
  /** A SKU and a slug already taken. */
  takenSku: string;
  takenSlug: string;
}

const product = { sku: "PARITY-NEW-1", name: "Parity lamp", description: "made by the parity run", priceCents: 4200, categoryId: 1 };

/**
 * The catalog writes of the legacy contract (docs/monolith.md, "Catalog"), in order: each target
 * (the monolith, the catalog service) starts from the same rows and receives the same requests,
 * and must answer the same (times written during the run masked). Reads between the writes show
 * that each side kept what it answered.
 */
export function catalogWriteCases(fixture: CatalogWriteFixture): WriteParityCase[] {
  const newProduct = fixture.products + 1;
  const newCategory = fixture.categories + 1;
  return [
    { name: "refuses a product write without a token (401)", method: "POST", path: "/products", body: product, auth: "none" },
    { name: "refuses a product write with a wrong token (403)", method: "POST", path: "/products", body: product, auth: "wrong" },
    { name: "refuses a category delete without a token (401)", method: "DELETE", path: "/categories/1", auth: "none" },
    { name: "refuses a body that is not JSON", method: "POST", path: "/products", rawBody: "{not json" },
    { name: "refuses an empty product, naming every missing field", method: "POST", path: "/products", body: {} },
    { name: "refuses unknown fields", method: "POST", path: "/products", body: { ...product, color: "red" } },
    { name: "refuses a negative price and a bad SKU", method: "POST", path: "/products", body: { ...product, priceCents: -1, sku: "bad sku!" } },
    { name: "refuses a fractional price", method: "POST", path: "/products", body: { ...product, priceCents: 1.5 } },
    { name: "refuses an unknown category as a 400 on categoryId", method: "POST", path: "/products", body: { ...product, categoryId: 9999 } },
    { name: "refuses a duplicate SKU (409)", method: "POST", path: "/products", body: { ...product, sku: fixture.takenSku } },
    { name: "creates a product with the next id, Location and ETag", method: "POST", path: "/products", body: product },
    { name: "reads the created product back", method: "GET", path: `/products/${newProduct}` },
    { name: "refuses a change with no fields", method: "PATCH", path: `/products/${newProduct}`, body: {} },
    { name: "changes name (trimmed) and price", method: "PATCH", path: `/products/${newProduct}`, body: { name: "  Parity lamp v2  ", priceCents: 10 } },
    { name: "changes the active flag and the description", method: "PATCH", path: `/products/${newProduct}`, body: { active: false, description: "" } },
    { name: "refuses a change to a taken SKU (409)", method: "PATCH", path: `/products/${newProduct}`, body: { sku: fixture.takenSku } },
    { name: "refuses a change to an unknown category", method: "PATCH", path: `/products/${newProduct}`, body: { categoryId: 9999 } },
    { name: "answers 404 when changing an unknown product", method: "PATCH", path: "/products/99999", body: { name: "x" } },
    { name: "refuses a product id that is not a number", method: "PATCH", path: "/products/abc", body: { name: "x" } },
    { name: "refuses to delete an ordered product (409, set active false instead)", method: "DELETE", path: `/products/${fixture.orderedProductId}` },
    { name: "deletes an unordered product", method: "DELETE", path: `/products/${newProduct}` },
    { name: "answers 404 for the deleted product", method: "GET", path: `/products/${newProduct}` },
    { name: "answers 404 when deleting an unknown product", method: "DELETE", path: "/products/99999" },
    { name: "never reuses a deleted product's id", method: "POST", path: "/products", body: { ...product, sku: "PARITY-NEW-2" } },
    { name: "refuses a slug that is not lower-case words", method: "POST", path: "/categories", body: { slug: "Bad Slug", name: "Bad" } },
    { name: "refuses a duplicate slug (409)", method: "POST", path: "/categories", body: { slug: fixture.takenSlug, name: "Taken" } },
    { name: "creates a category with the next id and Location", method: "POST", path: "/categories", body: { slug: "parity-new", name: "Parity new" } },
    { name: "refuses a category change to a taken slug (409)", method: "PATCH", path: `/categories/${newCategory}`, body: { slug: fixture.takenSlug } },
    { name: "renames a category", method: "PATCH", path: `/categories/${newCategory}`, body: { name: " Parity renamed " } },
    { name: "refuses a category change with no fields", method: "PATCH", path: `/categories/${newCategory}`, body: {} },
    { name: "refuses to delete a category that has products (409)", method: "DELETE", path: "/categories/1" },
    { name: "deletes an empty category", method: "DELETE", path: `/categories/${newCategory}` },
    { name: "answers 404 when deleting it again", method: "DELETE", path: `/categories/${newCategory}` },
    { name: "never reuses a deleted category's id", method: "POST", path: "/categories", body: { slug: "parity-again", name: "Parity again" } },
    { name: "lists the categories after the writes", method: "GET", path: "/categories" },
    { name: "lists the products after the writes", method: "GET", path: "/products?pageSize=100&sort=-price" },
  ];
}
