/** Test kit of the orders service (tests, e2e scenarios and measurements only). */
export { startOrders } from "./start-orders";
export type { StartOrdersOptions, RunningOrders } from "./start-orders";
export { startOrdersExtraction, ORDERS_SOURCE_TABLES } from "./orders-extraction";
export type { OrdersExtraction, OrdersExtractionOptions } from "./orders-extraction";
export { logIn, logOut, SEEDED_PASSWORD } from "./shop-session";
/** The session bridge's lag: login → accepted, logout → refused, measured through the service's answers. */
export { measureSessionBridge, percentiles } from "./session-bridge-timing";
export type { SessionBridgeTimings } from "./session-bridge-timing";
