/**
 * Backfill: copies a source database's tables into a target through a mapping while the source
 * keeps taking writes; chunked, resumable, and safe beside the live consumer (see docs/catalog.md, "Backfill").
 */

/** Run a backfill; its options, progress and result. */
export { runBackfill } from "./backfill";
export type { BackfillOptions, BackfillTable, BackfillProgress, BackfillResult } from "./backfill";
/** Write one source row (or its absence) through the mapping under the consumer's position rule. */
export { applySnapshotRow } from "./snapshot-apply";
export type { SnapshotRow, SnapshotOutcome } from "./snapshot-apply";
/** Read the checkpoint of one table (progress, resume point). */
export { readCheckpoint, BACKFILL_CHECKPOINTS_TABLE } from "./backfill-checkpoints";
/** Frozen v1 checkpoint table, for target migrations and tests. */
export { installBackfillTablesV1 } from "../sqlite/backfill-tables-v1";
export type { BackfillCheckpoint } from "./backfill-checkpoints";
/** Source reads shared with verify: watermark position, chunks and single rows in key order. */
export { currentPosition, readChunk, readRow, compareKeys } from "./source-snapshot";
export type { KeyValue } from "./source-snapshot";
/** A table without a mapping entry (`CDC_ERR_UNMAPPED_TABLE`). */
export { UnmappedTableError } from "./unmapped-table-error";
