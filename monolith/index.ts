/**
 * The legacy shop ("monolith"): express + TypeORM on SQLite, or on PostgreSQL (MONOLITH_DATABASE_URL).
 * Tests, the seed command and the stack starter use it through this file; main.ts is its own entry point.
 */

/** Builds the express app from `{ dataSource, config, logger }`; never listens. */
export { createApp } from "./app";
export type { ShopAppDeps } from "./app";
/** Reads and validates the shop's environment variables (frozen result). */
export { readConfig, DEV_ADMIN_TOKEN } from "./config";
export type { MonolithConfig } from "./config";
/** The shop's DataSource for a SQLite file or a PostgreSQL URL, and opening it with pending migrations applied. */
export { createShopDataSource, openShopDatabase } from "./data-source";
/** The shop's error class and its stable `SHOP_ERR_*` codes. */
export { ShopError, SHOP_ERROR_CODES } from "./errors";
export type { ShopErrorCode } from "./errors";
/** Deterministic sample data. */
export { seedShop, isShopEmpty, DEFAULT_SEED_SIZE, SEED_CUSTOMER_PASSWORD } from "./seed";
export type { SeedOptions, SeedResult, SeedSize } from "./seed";
/** The legacy product JSON contract extracted services imitate. */
export type { ProductView } from "./views/product.view";
