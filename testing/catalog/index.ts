/** Test kit of the catalog service (tests, e2e scenarios and benchmarks only). */
/** Runs the real catalog service on a temp database and a free port, with or without its consumer. */
export { startCatalog } from "./start-catalog";
export type { StartCatalogOptions, RunningCatalog } from "./start-catalog";
/** Waiting on the sync position through `GET /internal/sync/status`, never on a sleep. */
export { catalogChangePosition, readSyncStatus, waitForSyncPosition, waitForCatchUp } from "./sync-position";
/** The whole first extraction (broker, monolith, relay, catalog with sync, proxy with the shipped routes). */
export { startCatalogExtraction } from "./catalog-extraction";
export type { CatalogExtraction, CatalogExtractionOptions } from "./catalog-extraction";
export { catalogProxyConfig } from "./catalog-proxy-config";
/** Two-way sync proofs: a mapping wrapper recording what a target committed, change-log reads, expected histories. */
export { recordingMapping, createHistoryTable, appliedHistory, changeLogRows, expectedChanges, assertAppliedOnce } from "./recorded-history";
export type { LoggedRow } from "./recorded-history";
/** Steady catalog writes through the proxy during a write cut-over, and what the clients were told. */
export { startWriteLoad, RETRYABLE_FENCE_CODES } from "./write-load";
export type { WriteLoadOptions, WriteLoadReport, AckedProduct } from "./write-load";
/** Both sync directions in-process (recorded for the history checker; the monolith on SQLite or PostgreSQL), and a proxy with its route table on disk. */
export { startTwoWayCatalog } from "./two-way-catalog";
export type { TwoWayCatalog, TwoWayCatalogOptions } from "./two-way-catalog";
export { startCatalogProxy } from "./catalog-proxy";
export type { CatalogProxy } from "./catalog-proxy";
/** Ownership in tests: writing past a fence as sync does, and making a side the owner without a cut-over. */
export { writeAsSync, setCatalogOwner } from "./ownership";
