import type { DataSource } from "typeorm";
import { repair, runBackfill, verify, type BackfillProgress, type BackfillResult, type KeyValue, type RepairedKey, type VerifyReport } from "../../cdc";
import { forwardDurable, MONOLITH_SOURCE, walOf, type ServiceSync } from "./service-sync";

/** Copies the monolith's rows of the service's backfill tables into its database (resumable, safe beside live writes). */
export function backfillService(
  sync: ServiceSync,
  monolith: DataSource,
  db: DataSource,
  options: { chunkSize?: number; onProgress?(progress: BackfillProgress): void } = {},
): Promise<BackfillResult> {
  return runBackfill({
    source: monolith,
    target: db,
    sourceName: MONOLITH_SOURCE,
    mapping: sync.forward.mapping,
    tables: sync.forward.backfillTables,
    consumer: forwardDurable(sync),
    // The service captures its own tables (reverse sync): copied rows are logged as the monolith's.
    targetHasCapture: true,
    // The service's file is its own: checkpointed as the forward consumer's connection does it.
    walAutocheckpointPages: walOf(sync).autocheckpointPages,
    chunkSize: options.chunkSize,
    onProgress: options.onProgress,
  });
}

/** Compares the monolith and the service through the mapping; drift per key. `keys` (monolith ids per table) narrows it. */
export function verifyService(sync: ServiceSync, monolith: DataSource, db: DataSource, keys?: Readonly<Record<string, readonly KeyValue[]>>): Promise<VerifyReport> {
  return verify({ source: monolith, target: db, tables: sync.forward.verifiedTables, keys });
}

/** Re-syncs just the drifted keys of a verify report, monolith → service. */
export function repairService(sync: ServiceSync, monolith: DataSource, db: DataSource, report: VerifyReport): Promise<RepairedKey[]> {
  return repair({ source: monolith, target: db, sourceName: MONOLITH_SOURCE, mapping: sync.forward.mapping, tables: sync.forward.verifiedTables, drift: report.drift, targetHasCapture: true });
}
