import { Category } from "./category.entity";
import { Customer } from "./customer.entity";
import { Order } from "./order.entity";
import { OrderLine } from "./order-line.entity";
import { Product } from "./product.entity";
import { Session } from "./session.entity";
import { StockLevel } from "./stock-level.entity";
import { StockMovement } from "./stock-movement.entity";

/** Category rows (`categories`). */
export { Category };
/** Product rows (`products`). */
export { Product };
/** Stock per product (`stock_levels`). */
export { StockLevel };
/** Idempotent stock changes by key (`stock_movements`). */
export { StockMovement };
export type { StockMovementLine, StockMovementState } from "./stock-movement.entity";
/** Customer rows (`customers`). */
export { Customer };
/** Login sessions (`sessions`). */
export { Session };
/** Orders (`orders`) and their status type. */
export { Order };
export type { OrderStatus } from "./order.entity";
/** Order lines (`order_lines`). */
export { OrderLine };

/** Every entity of the shop database, for the DataSource. */
export const shopEntities = [Category, Product, StockLevel, Customer, Session, Order, OrderLine, StockMovement];
