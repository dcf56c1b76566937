import { CustomerSession } from "./customer-session.entity";
import { OrderLine } from "./order-line.entity";
import { Order } from "./order.entity";

/** The orders service's own model. */
export { Order, OrderLine, CustomerSession };
export type { OrderStatus } from "./order.entity";
export { ordersId, SHOP_CURRENCY } from "./orders-ids";
export { OrdersReader } from "./orders-reader";
export type { OrderWithLines } from "./orders-reader";
export { customerIdForToken, tokenHash } from "./session-check";

/** Every entity of the orders database. */
export const ordersEntities = [Order, OrderLine, CustomerSession];
