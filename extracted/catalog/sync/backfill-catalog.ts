import type { DataSource } from "typeorm";
import { repair, runBackfill, verify, type BackfillProgress, type BackfillResult, type KeyValue, type RepairedKey, type VerifyReport } from "../../../cdc";
import { catalogMapping } from "./catalog-mapping";
import { BACKFILL_TABLES, SYNC_DURABLE, SYNC_SOURCE, VERIFIED_TABLES } from "./catalog-tables";
import { CATALOG_SYNC_WAL } from "./start-sync";

/** Copies the monolith's categories and products into the catalog database (resumable, safe beside live writes). */
export function backfillCatalog(monolith: DataSource, catalog: DataSource, options: { chunkSize?: number; onProgress?(progress: BackfillProgress): void } = {}): Promise<BackfillResult> {
  return runBackfill({
    source: monolith,
    target: catalog,
    sourceName: SYNC_SOURCE,
    mapping: catalogMapping,
    tables: BACKFILL_TABLES,
    consumer: SYNC_DURABLE,
    // The catalog captures its own tables (reverse sync): copied rows are logged as the monolith's.
    targetHasCapture: true,
    // catalog.sqlite is the service's own file: checkpointed as the forward consumer's connection does it.
    walAutocheckpointPages: CATALOG_SYNC_WAL.autocheckpointPages,
    chunkSize: options.chunkSize,
    onProgress: options.onProgress,
  });
}

/** Compares the monolith and the catalog through the mapping; drift per key. `keys` (monolith ids per table) narrows it. */
export function verifyCatalog(monolith: DataSource, catalog: DataSource, keys?: Readonly<Record<string, readonly KeyValue[]>>): Promise<VerifyReport> {
  return verify({ source: monolith, target: catalog, tables: VERIFIED_TABLES, keys });
}

/** Re-syncs just the drifted keys of a verify report. */
export function repairCatalog(monolith: DataSource, catalog: DataSource, report: VerifyReport): Promise<RepairedKey[]> {
  return repair({ source: monolith, target: catalog, sourceName: SYNC_SOURCE, mapping: catalogMapping, tables: VERIFIED_TABLES, drift: report.drift, targetHasCapture: true });
}
