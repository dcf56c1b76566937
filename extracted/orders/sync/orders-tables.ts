import type { DataSource } from "typeorm";
import { runSql, type BackfillTable, type KeyedRow, type KeyValue, type VerifiedTable } from "../../../cdc";
import type { Row } from "../../../contracts";
import type { MonolithOrderLineRow, MonolithOrderRow, MonolithSessionRow } from "./monolith-rows";
import { ordersLineRow, ordersOrderRow, ordersSessionRow } from "./orders-rows";

/** The monolith tables the orders service copies: sessions first (the bridge), products' prices, then orders and their lines. */
export const BACKFILL_TABLES: readonly BackfillTable[] = [
  { table: "sessions", key: "id" },
  { table: "products", key: "id" },
  { table: "orders", key: "id" },
  { table: "order_lines", key: "id" },
];

/** Reads rows of a service table by legacy id, as verify compares them (all columns the mapping writes). */
function reader(table: string, columns: readonly string[]): Pick<VerifiedTable, "readTarget" | "readTargetKeys"> {
  const list = columns.map((column) => `"${column}"`).join(", ");
  const keyed = (rows: Row[]): KeyedRow[] => rows.map((row) => ({ key: Number(row.legacy_id), row }));
  return {
    readTarget: async (db: DataSource, after: KeyValue | null, limit: number) =>
      keyed(
        after === null
          ? await runSql<Row[]>(db, `SELECT ${list} FROM "${table}" ORDER BY "legacy_id" LIMIT ?`, [limit])
          : await runSql<Row[]>(db, `SELECT ${list} FROM "${table}" WHERE "legacy_id" > ? ORDER BY "legacy_id" LIMIT ?`, [after, limit]),
      ),
    readTargetKeys: async (db: DataSource, keys: readonly KeyValue[]) => keyed(await runSql<Row[]>(db, `SELECT ${list} FROM "${table}" WHERE "legacy_id" IN (${keys.map(() => "?").join(", ")})`, [...keys])),
  };
}

/** How verify compares each monolith table with the orders service: the same pure row functions as the mapping. */
export const VERIFIED_TABLES: readonly VerifiedTable[] = [
  {
    table: "sessions",
    key: "id",
    expected: (row) => ordersSessionRow(row as MonolithSessionRow),
    ...reader("customer_sessions", ["legacy_id", "token_hash", "customer_legacy_id", "expires_at"]),
  },
  {
    table: "orders",
    key: "id",
    expected: (row) => ordersOrderRow(row as MonolithOrderRow),
    ...reader("orders", ["id", "legacy_id", "customer_legacy_id", "status", "total_minor", "currency", "created_at", "updated_at"]),
  },
  {
    table: "order_lines",
    key: "id",
    expected: (row) => ordersLineRow(row as MonolithOrderLineRow),
    ...reader("order_lines", ["id", "legacy_id", "order_legacy_id", "product_legacy_id", "quantity", "unit_price_minor", "currency"]),
  },
];
