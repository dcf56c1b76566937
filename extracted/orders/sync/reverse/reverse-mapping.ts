import type { EntityManager } from "typeorm";
import { defineMapping, keepSerialAhead, runSql, tableMapping } from "../../../../cdc";
import type { ChangeEvent } from "../../../../contracts";
import { ORDERS_ERROR_CODES, OrdersError } from "../../errors";
import type { OrdersLineRow, OrdersOrderRow } from "../orders-rows";
import { monolithOrderLineRow, monolithOrderRow } from "./monolith-rows-of";

const ORDER_COLUMNS = ["id", "customer_id", "status", "total_cents", "created_at", "updated_at"];
const LINE_COLUMNS = ["id", "order_id", "product_id", "quantity", "unit_price_cents"];

/** The legacy id of the row a change is about (a delete carries it in `before`). */
function legacyIdOf(change: ChangeEvent): number {
  const legacyId = Number((change.after ?? change.before)?.legacy_id);
  if (!Number.isInteger(legacyId) || legacyId < 1) throw new Error(`change ${change.id} carries no legacy id`);
  return legacyId;
}

/**
 * An insert lands on a free id of the monolith, else it is refused (both sides created the row:
 * retried, then parked); an update or a repair overwrites by id. Plain SQL on the monolith's tables
 * (`?` placeholders on SQLite and PostgreSQL alike): the service knows them as a schema, never as code.
 */
async function write(tx: EntityManager, table: string, columns: string[], row: Record<string, unknown>, change: ChangeEvent): Promise<void> {
  const values = columns.map((column) => row[column]);
  const insert = `INSERT INTO "${table}" (${columns.map((column) => `"${column}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`;
  if (change.op === "insert") {
    const taken = await runSql<unknown[]>(tx, `SELECT 1 FROM "${table}" WHERE "id" = ?`, [row.id]);
    if (taken.length > 0) throw new OrdersError(409, ORDERS_ERROR_CODES.legacyIdTaken, `${table} ${String(row.id)} already exists in the monolith: the orders service and the monolith both created it`);
    await runSql(tx, insert, values);
  } else {
    const updates = columns.filter((column) => column !== "id").map((column) => `"${column}" = EXCLUDED."${column}"`);
    await runSql(tx, `${insert} ON CONFLICT ("id") DO UPDATE SET ${updates.join(", ")}`, values);
  }
  // A monolith on PostgreSQL: its id sequence continues above the ids the orders service handed out.
  await keepSerialAhead(tx, table);
}

/**
 * How the orders service's `orders` and `order_lines` become the monolith's rows (reverse sync,
 * stream `CDC_ORDERS`), applied only once the service owns `orders-writes`. Stock is not touched:
 * the service takes and returns stock through the shop's API (`POST /inventory/movements`).
 */
export const reverseMapping = defineMapping({
  orders: tableMapping<OrdersOrderRow, { id: string }>({
    async upsert(row, tx, change) {
      await write(tx, "orders", ORDER_COLUMNS, monolithOrderRow(row), change);
    },
    async delete(_key, tx, change) {
      await runSql(tx, `DELETE FROM "orders" WHERE "id" = ?`, [legacyIdOf(change)]);
    },
  }),
  order_lines: tableMapping<OrdersLineRow, { id: string }>({
    async upsert(row, tx, change) {
      await write(tx, "order_lines", LINE_COLUMNS, monolithOrderLineRow(row), change);
    },
    async delete(_key, tx, change) {
      await runSql(tx, `DELETE FROM "order_lines" WHERE "id" = ?`, [legacyIdOf(change)]);
    },
  }),
});
