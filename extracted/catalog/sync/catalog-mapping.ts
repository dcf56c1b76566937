import { defineMapping, runSql, tableMapping } from "../../../cdc";
import { Category, markOrdered, Product, retireLegacyId } from "../domain";
import { catalogCategoryRow, catalogProductRow, type CatalogCategoryRow, type CatalogProductRow } from "./catalog-rows";
import type { MonolithCategoryRow, MonolithKey, MonolithOrderLineRow, MonolithProductRow } from "./monolith-rows";

const CATEGORY_COLUMNS = ["id", "legacy_id", "slug", "name", "created_at", "updated_at"] as const satisfies ReadonlyArray<keyof CatalogCategoryRow>;
const PRODUCT_COLUMNS = [
  "id",
  "legacy_id",
  "sku",
  "name",
  "description",
  "price_minor",
  "currency",
  "category_legacy_id",
  "active",
  "created_at",
  "updated_at",
] as const satisfies ReadonlyArray<keyof CatalogProductRow>;

/**
 * The upsert by the catalog id that TypeORM's `upsert(entity, { conflictPaths: ["id"] })` runs, with
 * every value bound as a parameter. TypeORM writes the numbers of an insert into the SQL text
 * (`VALUES (?, 42, …)`), so each product was a statement never seen before: prepared again, with the
 * catalog's capture and write-fence triggers on the table compiled again, for every change.
 */
function upsertSql(table: string, columns: readonly string[]): string {
  const list = columns.map((column) => `"${column}"`).join(", ");
  const updates = columns.map((column) => `"${column}" = EXCLUDED."${column}"`).join(", ");
  return `INSERT INTO "${table}" (${list}) VALUES (${columns.map(() => "?").join(", ")}) ON CONFLICT ("id") DO UPDATE SET ${updates}`;
}

const UPSERT_CATEGORY = upsertSql("categories", CATEGORY_COLUMNS);
const UPSERT_PRODUCT = upsertSql("products", PRODUCT_COLUMNS);

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
      const category = catalogCategoryRow(row);
      await runSql(tx, UPSERT_CATEGORY, CATEGORY_COLUMNS.map((column) => category[column]));
    },
    async delete(key, tx) {
      await retireLegacyId(tx, "categories", key.id);
      await tx.getRepository(Category).delete({ legacyId: key.id });
    },
  }),
  products: tableMapping<MonolithProductRow, MonolithKey>({
    async upsert(row, tx) {
      const product = catalogProductRow(row);
      await runSql(tx, UPSERT_PRODUCT, PRODUCT_COLUMNS.map((column) => product[column]));
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
