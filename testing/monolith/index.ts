/** Starts the real legacy shop on a temp SQLite file (or a given PostgreSQL database) and a free port; see start-monolith.ts. */
export { startMonolith, TEST_ADMIN_TOKEN } from "./start-monolith";
export type { RunningMonolith, StartMonolithOptions } from "./start-monolith";
/** Raw SQL with `?` placeholders on the shop's database, SQLite or PostgreSQL. */
export { shopQuery } from "./shop-query";
/** The same on a fresh database of either kind (a PostgreSQL one is dropped on close). */
export { startMonolithOn, SHOP_DATABASES } from "./start-monolith-on";
export type { ShopDatabaseKind } from "./start-monolith-on";
