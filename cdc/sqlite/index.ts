/**
 * Everything the toolkit keeps inside a SQLite database: change capture (frozen versioned trigger
 * SQL and its migration helpers), the change log reader, the write fence, and the consumer's,
 * backfill's and ownership's bookkeeping tables. A PostgreSQL flavour sits beside it with the same
 * helpers' shape.
 */
/** Frozen v1 SQLite trigger generator and its migration helpers (up/down). */
export { sqliteCaptureV1, captureShapeV1, installSqliteCaptureV1, uninstallSqliteCaptureV1 } from "./sqlite-capture-v1";
export type { CapturedTableShape, SqliteCaptureOptions } from "./sqlite-capture-v1";
/** Frozen v1 consumer tables (applied positions, parked changes, checkpoints) for target migrations. */
export {
  installConsumerTablesV1,
  uninstallConsumerTablesV1,
  APPLIED_POSITIONS_TABLE,
  PARKED_CHANGES_TABLE,
  CONSUMER_CHECKPOINTS_TABLE,
} from "./consumer-tables-v1";
/** Frozen v1 backfill checkpoint table for target migrations. */
export { installBackfillTablesV1, uninstallBackfillTablesV1, BACKFILL_CHECKPOINTS_TABLE } from "./backfill-tables-v1";
/** Frozen v1 SQLite write fence (fence table + BEFORE triggers) and its migration helpers (up/down). */
export { sqliteWriteFenceV1, installSqliteWriteFenceV1, uninstallSqliteWriteFenceV1, WRITE_FENCE_TABLE } from "./sqlite-write-fence-v1";
/** Sets, lifts and reads the write fence of a database (any TypeORM DataSource or EntityManager). */
export { setWriteFence, liftWriteFence, readWriteFence, OWNERSHIP_FENCE_HOLDER } from "./write-fence";
/** Frozen v2 write fence (a holder per fence row) and v2 capture (local writes only), for migrations. */
export { sqliteWriteFenceV2, upgradeSqliteWriteFenceV2 } from "./sqlite-write-fence-v2";
export { sqliteCaptureV2, upgradeSqliteCaptureToLocalOnlyV2, downgradeSqliteCaptureToV1 } from "./sqlite-capture-v2";
/** Frozen v3 capture (v2 + the writer's request id in each logged change), for service databases' migrations. */
export { sqliteCaptureV3, upgradeSqliteCaptureToV3, downgradeSqliteCaptureV3ToV2, installSqliteCaptureV3, uninstallSqliteCaptureV3 } from "./sqlite-capture-v3";
/** Frozen v1 ownership record + cut-over lease tables (service database), and the apply journal. */
export { installOwnershipTablesV1, initOwnershipV1, uninstallOwnershipTablesV1, OWNERSHIP_TABLE, CUTOVER_LEASE_TABLE } from "./ownership-tables-v1";
export { installApplyJournalV1, uninstallApplyJournalV1, APPLY_JOURNAL_TABLE } from "./apply-journal-v1";
/** Frozen v1 audit of discarded parked changes (`strangler sync discard`), for consumer databases' migrations. */
export { installDiscardedChangesV1, uninstallDiscardedChangesV1, DISCARDED_CHANGES_TABLE } from "./discarded-changes-v1";
/** Frozen v1 log of a service's calls to the legacy side under an idempotency key (service-kit/legacy-calls), for service databases' migrations. */
export { installLegacyCallsV1, uninstallLegacyCallsV1, LEGACY_CALLS_TABLE } from "./legacy-calls-v1";
/** One short write transaction (on SQLite: BEGIN IMMEDIATE … COMMIT in one turn of the event loop). */
export { briefWrite } from "./brief-write";
export type { WriteFenceRow } from "./write-fence";
/** Marks a sync applier's writes with the change's origin (ping-pong guard). */
export { setCaptureOrigin } from "./capture-origin";
/** Marks a service writer's changes with its request id (capture v3). */
export { setCaptureRequestId } from "./capture-request-id";
/** ChangeLog port over `_strangler_changes`. */
export { SqlChangeLog } from "./sql-change-log";
/** `?`-placeholder SQL on any TypeORM driver. */
export { runSql } from "./sql-text";
