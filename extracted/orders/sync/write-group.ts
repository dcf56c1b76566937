/** The proxy route group of the orders write routes (strangler.config.json, `"writes": true`). */
export const WRITE_GROUP = "orders-writes";

/** The tables whose writes move with the group, named alike in both databases. (`sessions` never moves: the monolith keeps identity.) */
export const MOVED_TABLES: readonly string[] = ["orders", "order_lines"];
