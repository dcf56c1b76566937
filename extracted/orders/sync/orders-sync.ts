import type { KeyValue } from "../../../cdc";
import { ordersReverseSyncMigrations, REVERSE_SYNC_MIGRATIONS_TABLE } from "../../../migrations/orders/in-monolith";
import type { ServiceSync } from "../../../service-kit";
import { ordersId } from "../domain";
import { ordersMapping } from "./orders-mapping";
import { BACKFILL_TABLES, VERIFIED_TABLES } from "./orders-tables";
import { reverseMapping } from "./reverse/reverse-mapping";
import { MOVED_TABLES, WRITE_GROUP } from "./write-group";

const KIND: Record<string, "order" | "line"> = { orders: "order", order_lines: "line" };

/**
 * The orders service's sync as the service kit runs it: the monolith's database → CDC_MONOLITH →
 * the orders database (orders.sqlite, or ORDERS_DATABASE_URL; consumer `orders-from-monolith`:
 * orders, their lines, and the sessions of the session bridge), and once the service owns
 * `orders-writes`, the orders database → CDC_ORDERS → the monolith's (consumer `monolith-from-orders`).
 */
export const ordersSync: ServiceSync = Object.freeze({
  service: "orders",
  writeGroup: WRITE_GROUP,
  movedTables: MOVED_TABLES,
  forward: { mapping: ordersMapping, backfillTables: BACKFILL_TABLES, verifiedTables: VERIFIED_TABLES },
  reverse: {
    mapping: reverseMapping,
    serviceKeyOf: (table: string, legacyId: KeyValue) => ({ id: ordersId(KIND[table], Number(legacyId)) }),
  },
  inMonolith: { migrations: ordersReverseSyncMigrations, migrationsTable: REVERSE_SYNC_MIGRATIONS_TABLE },
});
