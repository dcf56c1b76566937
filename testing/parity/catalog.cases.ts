import type { ParityCase } from "./parity-case";

const get = (name: string, path: string, extra: Partial<ParityCase> = {}): ParityCase => ({ name, method: "GET", path, ...extra });

/**
 * The catalog reads of the legacy contract (docs/monolith.md, "Catalog"): each is sent to the
 * monolith and to the catalog service (directly or through the proxy) and must answer the same.
 * Ids refer to the deterministic seed (categories and products numbered from 1).
 */
export const CATALOG_PARITY_CASES: readonly ParityCase[] = [
  get("lists the first page of products by id", "/products"),
  get("pages through products", "/products?page=2&pageSize=5"),
  get("answers the largest page size", "/products?pageSize=100"),
  get("answers a page past the end with no items and the total", "/products?page=999&pageSize=10"),
  get("sorts by price ascending, ties by id", "/products?sort=price&pageSize=15"),
  get("sorts by price descending, ties by id", "/products?sort=-price&pageSize=15"),
  get("sorts by name ascending", "/products?sort=name&pageSize=15"),
  get("sorts by name descending", "/products?sort=-name&pageSize=15"),
  get("filters by category", "/products?categoryId=2&pageSize=50"),
  get("filters active products", "/products?active=true&pageSize=50"),
  get("filters inactive products", "/products?active=false&pageSize=50"),
  get("searches name, SKU and description case-insensitively", "/products?q=SKU-00000&pageSize=5"),
  get("searches a word of the sample names", "/products?q=chair&pageSize=50"),
  get("matches % literally in q", "/products?q=%25"),
  get("matches _ literally in q", "/products?q=_"),
  get("combines category, active, search and sort", "/products?categoryId=1&active=true&q=e&sort=-price&pageSize=7"),
  get("ignores unknown query parameters", "/products?pageSize=3&color=red"),
  get("matches the path case-insensitively", "/Products?pageSize=2"),
  get("refuses a page size above 100", "/products?pageSize=101"),
  get("refuses a page size of 0", "/products?pageSize=0"),
  get("refuses a page that is not a number", "/products?page=abc"),
  get("refuses an unknown sort", "/products?sort=price,name"),
  get("refuses an active flag other than true/false", "/products?active=yes"),
  get("refuses a negative category id", "/products?categoryId=-1"),
  get("refuses a search text over 200 characters", `/products?q=${"x".repeat(201)}`),
  get("reads one product with its ETag", "/products/1"),
  get("reads another product", "/products/17"),
  get("answers 404 for an unknown product", "/products/99999"),
  get("refuses a product id that is not a number", "/products/abc"),
  get("refuses product id 0", "/products/0"),
  get("answers 304 when If-None-Match is the ETag", "/products/3", { ifNoneMatchOf: { path: "/products/3", form: "exact" } }),
  get("answers 304 for a weak tag inside a list", "/products/3", { ifNoneMatchOf: { path: "/products/3", form: "weak-list" } }),
  get("answers 304 for If-None-Match: *", "/products/4", { headers: { "if-none-match": "*" } }),
  get("answers 200 when If-None-Match does not match", "/products/4", { headers: { "if-none-match": '"not-the-tag"' } }),
  get("lists every category by id", "/categories"),
  get("reads one category", "/categories/2"),
  get("answers 404 for an unknown category", "/categories/999"),
  get("refuses a category id that is not a number", "/categories/x"),
];
