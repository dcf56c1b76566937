import type { EntityManager } from "typeorm";
import type { ChangeEvent } from "../../../contracts";
import { defineMapping, setCaptureOrigin, tableMapping } from "../../../cdc";
import { Category, markOrdered, Product, retireLegacyId } from "../domain";
import { catalogCategoryRow, catalogProductRow, type CatalogCategoryRow, type CatalogProductRow } from "./catalog-rows";
import type { MonolithCategoryRow, MonolithKey, MonolithOrderLineRow, MonolithProductRow } from "./monolith-rows";

/**
 * Runs a write of sync with the change's origin set for the catalog's own capture, so the catalog's
 * change log records it as coming from the monolith and the reverse sync never sends it back. The
 * consumer, the backfill and repair all write through this mapping, so all three are covered.
 */
async function asOrigin(tx: EntityManager, change: ChangeEvent, write: () => Promise<unknown>): Promise<void> {
  await setCaptureOrigin(tx, change.origin);
  await write();
  await setCaptureOrigin(tx, null);
}

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
 * not matter (a product may land before its category).
 */
export const catalogMapping = defineMapping({
  categories: tableMapping<MonolithCategoryRow, MonolithKey>({
    async upsert(row, tx, change) {
      await asOrigin(tx, change, () => tx.getRepository(Category).upsert(categoryEntity(catalogCategoryRow(row)), { conflictPaths: ["id"] }));
    },
    async delete(key, tx, change) {
      await retireLegacyId(tx, "categories", key.id);
      await asOrigin(tx, change, () => tx.getRepository(Category).delete({ legacyId: key.id }));
    },
  }),
  products: tableMapping<MonolithProductRow, MonolithKey>({
    async upsert(row, tx, change) {
      await asOrigin(tx, change, () => tx.getRepository(Product).upsert(productEntity(catalogProductRow(row)), { conflictPaths: ["id"] }));
    },
    async delete(key, tx, change) {
      await retireLegacyId(tx, "products", key.id);
      await asOrigin(tx, change, () => tx.getRepository(Product).delete({ legacyId: key.id }));
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
