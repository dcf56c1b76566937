import type { EntityManager } from "typeorm";
import type { ChangeEvent } from "../../../../contracts";
import { defineMapping, keepSerialAhead, tableMapping } from "../../../../cdc";
import { CATALOG_ERROR_CODES, CatalogError } from "../../errors";
import type { CatalogCategoryRow, CatalogProductRow } from "../catalog-rows";
import { monolithCategoryRow, monolithProductRow } from "./monolith-rows-of";

const CATEGORY_COLUMNS = ["id", "slug", "name", "created_at", "updated_at"];
const PRODUCT_COLUMNS = ["id", "sku", "name", "description", "price_cents", "category_id", "active", "created_at", "updated_at"];

/** The legacy id of the row a change is about (a delete carries it in `before`). */
function legacyIdOf(change: ChangeEvent): number {
  const row = change.after ?? change.before;
  const legacyId = Number(row?.legacy_id);
  if (!Number.isInteger(legacyId) || legacyId < 1) throw new Error(`change ${change.id} carries no legacy id`);
  return legacyId;
}

/**
 * A catalog insert must land on a free id in the monolith: an occupied one means both sides handed
 * out the same id (writes were taken on both sides at once). Refuse instead of overwriting the
 * monolith's row; the change is retried, then parked, and shows up in the parked list.
 */
async function assertIdFree(tx: EntityManager, table: string, id: number): Promise<void> {
  const taken = await tx.createQueryBuilder().select("1", "taken").from(table, "row").where("row.id = :id", { id }).getRawOne();
  if (taken) throw new CatalogError(409, CATALOG_ERROR_CODES.legacyIdTaken, `${table} ${id} already exists in the monolith: the catalog and the monolith both created it`);
}

async function write(tx: EntityManager, table: string, columns: string[], row: Record<string, unknown>, change: ChangeEvent): Promise<void> {
  const insert = tx.createQueryBuilder().insert().into(table, columns).values(row);
  if (change.op === "insert") {
    await assertIdFree(tx, table, Number(row.id));
    await insert.execute();
  } else {
    await insert.orUpdate(columns.filter((column) => column !== "id"), ["id"]).execute();
  }
  // A monolith on PostgreSQL: its id sequence continues above the ids the catalog handed out.
  await keepSerialAhead(tx, table);
}

/**
 * How the catalog's `categories` and `products` become the monolith's rows (reverse sync, stream
 * `CDC_CATALOG`). Plain SQL through the query builder on the monolith's tables: the catalog knows
 * them as a schema, never as code. A new product gets the empty stock level the monolith's own
 * create gives it; a delete takes the stock level along, and is refused by the monolith's foreign
 * key when the product is in an order (the change is then parked: see docs/catalog.md, "Reverse sync").
 */
export const reverseMapping = defineMapping({
  categories: tableMapping<CatalogCategoryRow, { id: string }>({
    async upsert(row, tx, change) {
      await write(tx, "categories", CATEGORY_COLUMNS, monolithCategoryRow(row), change);
    },
    async delete(_key, tx, change) {
      await tx.createQueryBuilder().delete().from("categories").where("id = :id", { id: legacyIdOf(change) }).execute();
    },
  }),
  products: tableMapping<CatalogProductRow, { id: string }>({
    async upsert(row, tx, change) {
      const product = monolithProductRow(row);
      await write(tx, "products", PRODUCT_COLUMNS, product, change);
      // Every product has a stock level in the shop; a repair may create a product too, so not only on insert.
      await tx
        .createQueryBuilder()
        .insert()
        .into("stock_levels", ["product_id", "quantity", "updated_at"])
        .values({ product_id: product.id, quantity: 0, updated_at: product.created_at })
        .orIgnore()
        .execute();
    },
    async delete(_key, tx, change) {
      const id = legacyIdOf(change);
      await tx.createQueryBuilder().delete().from("stock_levels").where("product_id = :id", { id }).execute();
      await tx.createQueryBuilder().delete().from("products").where("id = :id", { id }).execute();
    },
  }),
});
