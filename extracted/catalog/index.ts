/**
 * The catalog service's public face, for its composition (main.ts, `npm start`) and the test kit.
 * Other services never import it (dependency-cruiser rule service-never-imports-another-service).
 */

/** Builds the express app (never listens) and the header naming this service on every answer. */
export { createCatalogApp, SERVED_BY_HEADER } from "./app";
export type { CatalogAppDeps } from "./app";
/** The running consumer's parked changes, served on `/internal/sync/parked` (the CLI's `sync parked` / `sync replay`). */
export type { ParkedChanges, ParkedSource } from "../../service-kit";
/** Configuration from the environment (parsed once, frozen). */
export { readCatalogConfig } from "./config";
export type { CatalogConfig } from "./config";
/** The catalog database: DataSource and migrations. */
export { createCatalogDataSource, openCatalogDatabase } from "./data-source";
/** Sync from the monolith: consumer, backfill, verify, repair, and the mapping behind them. */
export { startCatalogSync, backfillCatalog, verifyCatalog, repairCatalog, openMonolithDatabase, catalogMapping, SYNC_DURABLE, SYNC_SOURCE } from "./sync";
/** Reverse sync (catalog → monolith) for the moved write routes: relay + consumer, the monolith as target. */
export { startReverseSync, openMonolithTarget, reverseMapping, REVERSE_SOURCE, REVERSE_DURABLE } from "./sync";
export type { StartReverseSyncOptions, RunningReverseSync } from "./sync";
/** The write group, its moved tables, and its write path over both databases (cutover, verify, keeper). */
export { WRITE_GROUP, MOVED_TABLES, catalogWritePath, startCatalogSyncPair } from "./sync";
export type { CatalogSyncPair } from "./sync";
/** Errors (match on `code`). */
export { CatalogError, CATALOG_ERROR_CODES, LEGACY_WIRE_CODES } from "./errors";
