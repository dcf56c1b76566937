/** The orders service's sync, as the service kit runs it: the definition and what it is made of. */
export { ordersSync } from "./orders-sync";
/** Monolith → orders: the mapping and its pure row functions, the backfilled and verified tables. */
export { ordersMapping } from "./orders-mapping";
export { ordersOrderRow, ordersLineRow, ordersSessionRow } from "./orders-rows";
export type { OrdersOrderRow, OrdersLineRow, OrdersSessionRow } from "./orders-rows";
export type { MonolithOrderRow, MonolithOrderLineRow, MonolithSessionRow } from "./monolith-rows";
export { BACKFILL_TABLES, VERIFIED_TABLES } from "./orders-tables";
/** Orders → monolith (reverse sync, once the service owns the writes): the inverse row functions and the mapping. */
export { reverseMapping } from "./reverse/reverse-mapping";
export { monolithOrderRow, monolithOrderLineRow } from "./reverse/monolith-rows-of";
/** The write group and its moved tables. */
export { WRITE_GROUP, MOVED_TABLES } from "./write-group";
