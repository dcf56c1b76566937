import { catalogSync } from "./sync";
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
/** Its sync, described once for the service kit (service-kit/sync runs it both ways): the mappings, the tables, the write group. */
export { catalogSync, catalogMapping, reverseMapping, WRITE_GROUP, MOVED_TABLES } from "./sync";
/** Errors (match on `code`). */
export { CatalogError, CATALOG_ERROR_CODES, LEGACY_WIRE_CODES } from "./errors";
