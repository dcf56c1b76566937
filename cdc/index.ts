/**
 * The change-data capture library: the public face. The monolith and the services import only
 * this file. See docs/cdc.md for concepts, guarantees and how-to.
 */

/** Start a relay (source database → its JetStream stream). */
export { startRelay } from "./start-relay";
export type { StartRelayOptions, RunningRelay } from "./start-relay";
/**
 * Relay progress: "published through" (every change at or below it acknowledged by the broker) is
 * kept in the toolkit's own SQLite file beside the source database, never in the source itself:
 * `<dir>/<name>.sqlite` → `<dir>/<name>.strangler.sqlite`, table `relay_progress`.
 * `relayProgressPath(sourceFile)` names that file, `defaultProgressFile(db)` for a DataSource;
 * `readPublishedThrough(file, source)` reads it without writing (null before the first save);
 * `publishedThroughOf(progressFile, source)` is the reader a `WriteSide.publishedThrough` wants (the
 * file the source's relay keeps: `defaultProgressFile(db)` for a SQLite source, the relay's
 * `progressFile` for a PostgreSQL one);
 * `SqliteRelayProgress` is the RelayProgress port's implementation, for custom wiring.
 */
export { SqliteRelayProgress, relayProgressPath, defaultProgressFile, readPublishedThrough, publishedThroughOf } from "./relay/sqlite-relay-progress";
/** Start a consumer (stream → target database through a mapping); replay from a position. */
export { startConsumer, replayFromPosition } from "./start-consumer";
export type { StartConsumerOptions, RunningConsumer } from "./start-consumer";

/** Writing a mapping: source table → `{ upsert(row, tx, change), delete(key, tx, change) }`. */
export { defineMapping, tableMapping } from "./consumer/mapping";
export type { Mapping, TableMapping } from "./consumer/mapping";

/** Backfill: chunked, resumable snapshot copy beside the live consumer (watermarks). */
export { runBackfill, applySnapshotRow, readCheckpoint, currentPosition, UnmappedTableError, BACKFILL_CHECKPOINTS_TABLE } from "./backfill";
export type { BackfillOptions, BackfillTable, BackfillProgress, BackfillResult, BackfillCheckpoint, KeyValue } from "./backfill";
/** Verify and repair: drift per key through the mapping, re-sync of just those keys. */
export { verify, repair, describeDrift } from "./verify";
export type { VerifyOptions, VerifyReport, RepairOptions, RepairedKey, VerifiedTable, KeyedRow, Drift, FieldDrift } from "./verify";

/** The building blocks, for custom wiring and tests. */
export { Relay } from "./relay/relay";
export type { RelayStatus } from "./relay/relay";
export type { RelayOptions, RelayHooks } from "./relay/relay-options";
export { ChangeConsumer } from "./consumer/change-consumer";
export type { ConsumerStatus } from "./consumer/change-consumer";
export type { ConsumerOptions, ConsumerHooks } from "./consumer/consumer-options";
export { SqlTargetStore } from "./consumer/sql-target-store";
export { SqlChangeLog } from "./sqlite/sql-change-log";
/** Where a database's change log lives (SQLite `_strangler_changes`, PostgreSQL `strangler.changes`), and `?`-placeholder SQL on either. */
export { changeLogLayoutOf } from "./sqlite/change-log-layout-of";
export type { ChangeLogLayout } from "./sqlite/sqlite-change-log-layout";
export { runSql, runSqlCountingOn } from "./sqlite/sql-text";
/** PostgreSQL change capture (frozen v1) and the install/status/uninstall of capture on an existing database. */
export { installPgCaptureV1, uninstallPgCaptureV1, installPgCaptureV2, upgradePgCaptureV1ToV2, keepSerialAhead } from "./postgres";
export { installCapture, readCaptureStatus, uninstallCapture, parseDatabaseLocation, openDatabase } from "./capture-admin";
export type { CaptureStatus, DatabaseLocation } from "./capture-admin";
export { JetStreamPublisher } from "./nats/jetstream-publisher";
export { JetStreamSubscription } from "./nats/jetstream-subscription";

/** Migration helpers (migrations themselves import them from cdc/sqlite/, see docs/cdc.md). */
export { installSqliteCaptureV1, uninstallSqliteCaptureV1, installConsumerTablesV1, uninstallConsumerTablesV1, setCaptureOrigin } from "./sqlite";
/**
 * The request id of a service's write (capture v3): `setCaptureRequestId(tx, requestId)` inside the
 * write transaction, `(tx, null)` before commit; the change events of that transaction carry it
 * as `requestId` (docs/cdc.md, "Request id").
 */
export { setCaptureRequestId } from "./sqlite";
/** The table of a service's calls to the legacy side (service-kit/legacy-calls reads and writes it). */
export { LEGACY_CALLS_TABLE, installLegacyCallsV1, uninstallLegacyCallsV1 } from "./sqlite";

/** Frozen v1 SQLite write fence: migration helpers (migrations import them from cdc/sqlite/) and the generator. */
export { sqliteWriteFenceV1, installSqliteWriteFenceV1, uninstallSqliteWriteFenceV1, WRITE_FENCE_TABLE } from "./sqlite";
/**
 * The write fence at run time: while a table is fenced, the database refuses every local write to
 * it (sync writers, whose transactions set a capture origin, pass). `setWriteFence(db, tables,
 * reason)`, `liftWriteFence(db, tables)`, `readWriteFence(db)`; see docs/cdc.md, "Write fence".
 */
export { setWriteFence, liftWriteFence, readWriteFence, OWNERSHIP_FENCE_HOLDER } from "./sqlite";
export type { WriteFenceRow } from "./sqlite";

/** The nats-server launcher (tests, benchmarks, `npm start`). */
export { startNatsServer, findNatsServer } from "./nats/nats-server-launcher";
export type { NatsServerOptions, RunningNatsServer } from "./nats/nats-server-launcher";

/** Metrics and status. */
export { RelayMetrics, ConsumerMetrics } from "./metrics";

/** Errors (match on `code`) and names. */
export { CDC_ERROR_CODES, CdcError, SimulatedCrash } from "./core/errors";
export type { CdcErrorCode } from "./core/errors";
export { streamName, changeSubject, heartbeatSubject, keyText } from "./core";
export type { ChangeLog, RelayProgress, Publisher, Subscription, TargetStore, Delivery, LoggedChange, ParkedChange, ParkedFilter, ReplayResult, DiscardAudit, DiscardResult, ApplyOutcome } from "./core/ports";

/**
 * Write ownership (docs/write-path.md): the ownership record and cut-over lease, the keeper that
 * settles a group to agree with its record, the proxy's part, and the by-position drain check
 * used by `strangler cutover` (the log head is `currentPosition`).
 */
export {
  drainStatus,
  parkedOnTheWay,
  waitForDrain,
  otherSide,
  isOwner,
  OWNERS,
  OwnershipStore,
  CutoverLeaseStore,
  leaseExpired,
  adminApiProxyControl,
  WriteGroup,
  DEFAULT_LEASE_MS,
  planSettle,
  describeSettleAction,
  OwnershipKeeper,
  verifyWritePath,
} from "./ownership";
export type {
  WriteSide,
  WritePath,
  VerifyOutcome,
  LogPositions,
  RepairOutcome,
  DrainStatus,
  PendingChange,
  WaitForDrainOptions,
  DrainProgress,
  DrainWait,
  Owner,
  OwnershipRecord,
  HeldLease,
  CutoverLease,
  ProxyControl,
  ProxyGroupView,
  AdminApiOptions,
  WriteGroupOptions,
  GroupState,
  SettleAction,
  SideFences,
  OwnershipKeeperOptions,
  KeeperTick,
  WritePathVerifyReport,
} from "./ownership";
