/**
 * The change-data capture library: the public face. The monolith and the services import only
 * this file. See docs/cdc.md for concepts, guarantees and how-to.
 */

/** Start a relay (source database → its JetStream stream). */
export { startRelay } from "./start-relay";
export type { StartRelayOptions, RunningRelay } from "./start-relay";
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
export { SqlChangeLog } from "./capture/sql-change-log";
export { JetStreamPublisher } from "./nats/jetstream-publisher";
export { JetStreamSubscription } from "./nats/jetstream-subscription";

/** Migration helpers (migrations themselves import them from cdc/capture/, see docs/cdc.md). */
export { installSqliteCaptureV1, uninstallSqliteCaptureV1, installConsumerTablesV1, uninstallConsumerTablesV1, setCaptureOrigin } from "./capture";

/** Frozen v1 SQLite write fence: migration helpers (migrations import them from cdc/capture/) and the generator. */
export { sqliteWriteFenceV1, installSqliteWriteFenceV1, uninstallSqliteWriteFenceV1, WRITE_FENCE_TABLE } from "./capture";
/**
 * The write fence at run time: while a table is fenced, the database refuses every local write to
 * it (sync writers, whose transactions set a capture origin, pass). `setWriteFence(db, tables,
 * reason)`, `liftWriteFence(db, tables)`, `readWriteFence(db)`; see docs/cdc.md, "Write fence".
 */
export { setWriteFence, liftWriteFence, readWriteFence } from "./capture";
export type { WriteFenceRow } from "./capture";

/** The nats-server launcher (tests, benchmarks, `npm start`). */
export { startNatsServer, findNatsServer } from "./nats/nats-server-launcher";
export type { NatsServerOptions, RunningNatsServer } from "./nats/nats-server-launcher";

/** Metrics and status. */
export { RelayMetrics, ConsumerMetrics } from "./metrics";

/** Errors (match on `code`) and names. */
export { CdcError, SimulatedCrash } from "./core/errors";
export type { CdcErrorCode } from "./core/errors";
export { streamName, changeSubject, heartbeatSubject, keyText } from "./core";
export type { ChangeLog, Publisher, Subscription, TargetStore, Delivery, LoggedChange, ParkedChange, ParkedFilter, ReplayResult, ApplyOutcome } from "./core/ports";

/** Write ownership: the by-position drain check used by `strangler cutover` (the log head is `currentPosition`). */
export { drainStatus, parkedOnTheWay, waitForDrain } from "./ownership";
export type { WriteSide, WritePath, VerifyOutcome, LogPositions, DrainStatus, PendingChange, WaitForDrainOptions } from "./ownership";
