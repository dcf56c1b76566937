import type { ProductView } from "../views/product.view";
import { csvRow } from "./csv";

/** Column order of `GET /export/products.csv`; the legacy import jobs depend on it. */
export const PRODUCT_CSV_HEADER = csvRow(["id", "sku", "name", "description", "price_cents", "category_id", "active", "created_at", "updated_at"]);

export function productCsvRow(product: ProductView): string {
  return csvRow([
    product.id,
    product.sku,
    product.name,
    product.description,
    product.priceCents,
    product.categoryId,
    product.active ? "true" : "false",
    product.createdAt,
    product.updatedAt,
  ]);
}
