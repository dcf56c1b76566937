import { defineMapping, tableMapping } from "../../../cdc";
import { Category, markOrdered, Product, retireLegacyId } from "../domain";
import { catalogCategoryRow, catalogProductRow, type CatalogCategoryRow, type CatalogProductRow } from "./catalog-rows";
import type { MonolithCategoryRow, MonolithKey, MonolithOrderLineRow, MonolithProductRow } from "./monolith-rows";

function categoryEntity(row: CatalogCategoryRow): Category {
  return Object.assign(new Category(), { id: row.id, legacyId: row.legacy_id, slug: row.slug, name: row.name, createdAt: row.created_at, updatedAt: row.updated_at });
}

function productEntity(row: CatalogProductRow): Product {
  return Object.assign(new Product(), {
    id: row.id,
    legacyId: row.legacy_id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    priceMinor: row.price_minor,
    currency: row.currency,
    categoryLegacyId: row.category_legacy_id,
    active: row.active === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

/**
 * How the monolith's `categories` and `products` become catalog rows (and `order_lines` the
 * "ordered" mark of a product); used by the live consumer,
 * the backfill and repair alike. Upserts by the deterministic catalog id, so order across rows does
 * not matter (a product may land before its category). The catalog captures its own tables; the
 * consumer, backfill and repair run with `targetHasCapture`, so they mark these writes with the
 * change's origin once per transaction and the reverse sync never sends them back.
 */
export const catalogMapping = defineMapping({
  categories: tableMapping<MonolithCategoryRow, MonolithKey>({
    async upsert(row, tx) {
      await tx.getRepository(Category).upsert(categoryEntity(catalogCategoryRow(row)), { conflictPaths: ["id"] });
    },
    async delete(key, tx) {
      await retireLegacyId(tx, "categories", key.id);
      await tx.getRepository(Category).delete({ legacyId: key.id });
    },
  }),
  products: tableMapping<MonolithProductRow, MonolithKey>({
    async upsert(row, tx) {
      await tx.getRepository(Product).upsert(productEntity(catalogProductRow(row)), { conflictPaths: ["id"] });
    },
    async delete(key, tx) {
      await retireLegacyId(tx, "products", key.id);
      await tx.getRepository(Product).delete({ legacyId: key.id });
    },
  }),
  // Only the fact that a product was ordered: the catalog refuses to delete it, as the monolith does.
  order_lines: tableMapping<MonolithOrderLineRow, MonolithKey>({
    async upsert(row, tx) {
      await markOrdered(tx, row.product_id);
    },
    async delete() {
      // The mark stays: a product that was ordered once keeps its order history.
    },
  }),
});
