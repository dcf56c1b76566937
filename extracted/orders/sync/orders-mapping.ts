import type { EntityManager } from "typeorm";
import { defineMapping, runSql, tableMapping } from "../../../cdc";
import type { MonolithKey, MonolithOrderLineRow, MonolithOrderRow, MonolithProductRow, MonolithSessionRow } from "./monolith-rows";
import { ordersLineRow, ordersOrderRow, ordersProductRow, ordersSessionRow } from "./orders-rows";

/** An upsert with every value bound as a parameter (one prepared statement per table, whatever the values; `?` on SQLite and PostgreSQL alike). */
function upsert(table: string, conflict: string, columns: readonly string[]) {
  const list = columns.map((column) => `"${column}"`).join(", ");
  const updates = columns.filter((column) => column !== conflict).map((column) => `"${column}" = EXCLUDED."${column}"`);
  const sql = `INSERT INTO "${table}" (${list}) VALUES (${columns.map(() => "?").join(", ")}) ON CONFLICT ("${conflict}") DO UPDATE SET ${updates.join(", ")}`;
  return (tx: EntityManager, row: Record<string, unknown>) => runSql(tx, sql, columns.map((column) => row[column]));
}

const deleteByLegacyId = (table: string) => (tx: EntityManager, key: MonolithKey) => runSql(tx, `DELETE FROM "${table}" WHERE "legacy_id" = ?`, [key.id]);

const upsertOrder = upsert("orders", "id", ["id", "legacy_id", "customer_legacy_id", "status", "total_minor", "currency", "created_at", "updated_at"]);
const upsertLine = upsert("order_lines", "id", ["id", "legacy_id", "order_legacy_id", "product_legacy_id", "quantity", "unit_price_minor", "currency"]);
const upsertSession = upsert("customer_sessions", "legacy_id", ["legacy_id", "token_hash", "customer_legacy_id", "expires_at"]);
const upsertProduct = upsert("order_products", "legacy_id", ["legacy_id", "price_minor", "currency", "active"]);

/**
 * How the monolith's `orders`, `order_lines`, `sessions` and `products` (price and active flag, for
 * placing orders) become the orders service's rows; used
 * by the live consumer, the backfill and repair alike (the pure row functions in `orders-rows.ts`).
 * Upserts by the deterministic id, so the order across rows does not matter; an order and its
 * lines, written in one monolith transaction, are applied in one transaction here (docs/cdc.md,
 * "Transactions"). A logout deletes the shop's session row, and so the replica's.
 */
export const ordersMapping = defineMapping({
  orders: tableMapping<MonolithOrderRow, MonolithKey>({
    upsert: async (row, tx) => void (await upsertOrder(tx, ordersOrderRow(row))),
    delete: async (key, tx) => void (await deleteByLegacyId("orders")(tx, key)),
  }),
  order_lines: tableMapping<MonolithOrderLineRow, MonolithKey>({
    upsert: async (row, tx) => void (await upsertLine(tx, ordersLineRow(row))),
    delete: async (key, tx) => void (await deleteByLegacyId("order_lines")(tx, key)),
  }),
  sessions: tableMapping<MonolithSessionRow, MonolithKey>({
    upsert: async (row, tx) => void (await upsertSession(tx, ordersSessionRow(row))),
    delete: async (key, tx) => void (await deleteByLegacyId("customer_sessions")(tx, key)),
  }),
  products: tableMapping<MonolithProductRow, MonolithKey>({
    upsert: async (row, tx) => void (await upsertProduct(tx, ordersProductRow(row))),
    delete: async (key, tx) => void (await deleteByLegacyId("order_products")(tx, key)),
  }),
});
