import type { DataSource } from "typeorm";
import { runSql, type BackfillTable, type KeyedRow, type KeyValue, type VerifiedTable } from "../../../cdc";
import { catalogCategoryRow, catalogProductRow } from "./catalog-rows";
import type { MonolithCategoryRow, MonolithProductRow } from "./monolith-rows";

/** The monolith tables the catalog copies, categories first; `order_lines` only marks products as ordered. */
export const BACKFILL_TABLES: readonly BackfillTable[] = [
  { table: "categories", key: "id" },
  { table: "products", key: "id" },
  { table: "order_lines", key: "id" },
];

const keyed = (rows: Array<Record<string, unknown>>): KeyedRow[] =>
  rows.map((row) => ({ key: Number(row.legacy_id), row: "active" in row ? { ...row, active: Number(row.active) } : row }));

function targetReader(table: string, columns: readonly string[]) {
  const list = columns.map((column) => `"${column}"`).join(", ");
  return async (db: DataSource, after: KeyValue | null, limit: number): Promise<KeyedRow[]> =>
    keyed(
      after === null
        ? await runSql<Array<Record<string, unknown>>>(db, `SELECT ${list} FROM "${table}" ORDER BY "legacy_id" LIMIT ?`, [limit])
        : await runSql<Array<Record<string, unknown>>>(db, `SELECT ${list} FROM "${table}" WHERE "legacy_id" > ? ORDER BY "legacy_id" LIMIT ?`, [after, limit]),
    );
}

function targetKeysReader(table: string, columns: readonly string[]) {
  const list = columns.map((column) => `"${column}"`).join(", ");
  return async (db: DataSource, keys: readonly KeyValue[]): Promise<KeyedRow[]> =>
    keyed(await runSql<Array<Record<string, unknown>>>(db, `SELECT ${list} FROM "${table}" WHERE "legacy_id" IN (${keys.map(() => "?").join(", ")})`, [...keys]));
}

const CATEGORY_COLUMNS = ["id", "legacy_id", "slug", "name", "created_at", "updated_at"];
const PRODUCT_COLUMNS = ["id", "legacy_id", "sku", "name", "description", "price_minor", "currency", "category_legacy_id", "active", "created_at", "updated_at"];

/** How verify compares each monolith table with the catalog: the same pure row functions as the mapping. */
export const VERIFIED_TABLES: readonly VerifiedTable[] = [
  {
    table: "categories",
    key: "id",
    expected: (row) => catalogCategoryRow(row as MonolithCategoryRow),
    readTarget: targetReader("categories", CATEGORY_COLUMNS),
    readTargetKeys: targetKeysReader("categories", CATEGORY_COLUMNS),
  },
  {
    table: "products",
    key: "id",
    expected: (row) => catalogProductRow(row as MonolithProductRow),
    readTarget: targetReader("products", PRODUCT_COLUMNS),
    readTargetKeys: targetKeysReader("products", PRODUCT_COLUMNS),
  },
];
