/**
 * The orders service's public face, for its composition (main.ts, `npm start`) and the test kit.
 * Other services never import it (dependency-cruiser rule service-never-imports-another-service).
 */

/** Builds the express app (never listens) and the header naming this service on every answer. */
export { createOrdersApp, SERVED_BY_HEADER } from "./app";
export type { OrdersAppDeps } from "./app";
/** Configuration from the environment (parsed once, frozen). */
export { readOrdersConfig } from "./config";
export type { OrdersConfig } from "./config";
/** The orders database: DataSource and migrations. */
export { createOrdersDataSource, openOrdersDatabase } from "./data-source";
/** Its sync, described once for the service kit: the mappings, the tables, the write group. */
export { ordersSync, ordersMapping, reverseMapping, WRITE_GROUP, MOVED_TABLES } from "./sync";
/** The session bridge's check (hash of the cookie token, expiry) and the shop's cookie name. */
export { customerIdForToken, tokenHash } from "./domain";
export { SESSION_COOKIE } from "./http/session-cookie";
/** Stock stays in the monolith: the adapter over the shop's inventory API that the write routes take and give stock through. */
export { shopStock } from "./writes/shop-stock";
export type { ShopInventory, StockLine, StockPayload } from "./writes/shop-stock";
/** Errors (match on `code`). */
export { OrdersError, ORDERS_ERROR_CODES, LEGACY_WIRE_CODES } from "./errors";
