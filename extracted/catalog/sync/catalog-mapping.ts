import { defineMapping, tableMapping } from "../../../cdc";
import { Category, Product } from "../domain";
import { catalogCategoryRow, catalogProductRow, type CatalogCategoryRow, type CatalogProductRow } from "./catalog-rows";
import type { MonolithCategoryRow, MonolithKey, MonolithProductRow } from "./monolith-rows";

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
 * How the monolith's `categories` and `products` become catalog rows; used by the live consumer,
 * the backfill and repair alike. Upserts by the deterministic catalog id, so order across rows does
 * not matter (a product may land before its category).
 */
export const catalogMapping = defineMapping({
  categories: tableMapping<MonolithCategoryRow, MonolithKey>({
    async upsert(row, tx) {
      await tx.getRepository(Category).upsert(categoryEntity(catalogCategoryRow(row)), { conflictPaths: ["id"] });
    },
    async delete(key, tx) {
      await tx.getRepository(Category).delete({ legacyId: key.id });
    },
  }),
  products: tableMapping<MonolithProductRow, MonolithKey>({
    async upsert(row, tx) {
      await tx.getRepository(Product).upsert(productEntity(catalogProductRow(row)), { conflictPaths: ["id"] });
    },
    async delete(key, tx) {
      await tx.getRepository(Product).delete({ legacyId: key.id });
    },
  }),
});
