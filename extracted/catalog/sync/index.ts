/** The catalog's sync from the monolith: mapping, consumer wiring, backfill, verify and repair. */
export { catalogMapping } from "./catalog-mapping";
export { catalogCategoryRow, catalogProductRow } from "./catalog-rows";
export type { CatalogCategoryRow, CatalogProductRow } from "./catalog-rows";
export { BACKFILL_TABLES, VERIFIED_TABLES, SYNC_SOURCE, SYNC_DURABLE } from "./catalog-tables";
export { startCatalogSync } from "./start-sync";
export type { StartCatalogSyncOptions } from "./start-sync";
export { backfillCatalog, verifyCatalog, repairCatalog } from "./backfill-catalog";
export { openMonolithDatabase } from "./monolith-database";
export { startReverseSync, openMonolithTarget, reverseMapping, monolithCategoryRow, monolithProductRow, REVERSE_SOURCE, REVERSE_DURABLE, MONOLITH_ORIGIN } from "./reverse";
export type { StartReverseSyncOptions, RunningReverseSync } from "./reverse";
/** Both directions in one process (what the catalog service runs). */
export { startCatalogSyncPair } from "./catalog-sync-pair";
export type { CatalogSyncPair, StartCatalogSyncPairOptions } from "./catalog-sync-pair";
/** The write group, its moved tables, and the write path (verify, repair both ways) over both databases. */
export { WRITE_GROUP, MOVED_TABLES } from "./write-group";
export { catalogWritePath } from "./catalog-write-path";
export { repairMonolithFromCatalog } from "./repair-monolith";
