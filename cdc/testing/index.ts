/**
 * Test support of the cdc library: fakes that honour the ports, and the history checker that
 * proves "every change applied exactly once, in per-row order". Only tests and benchmarks import it.
 */
export { checkHistory, assertHistory } from "./history-checker";
export type { SourceChange, AppliedChange, HistoryReport } from "./history-checker";
/** In-memory change log; `append` plays the capture triggers. */
export { FakeChangeLog } from "./fake-change-log";
/** In-memory relay progress with save failures. */
export { MemoryRelayProgress } from "./memory-relay-progress";
/** In-memory publisher with duplicate detection, failures and delayed acks. */
export { FakePublisher } from "./fake-publisher";
/** In-memory subscription with nak delays and out-of-order delivery. */
export { FakeSubscription } from "./fake-subscription";
/** In-memory target store following the same apply rule as the SQL one. */
export { MemoryTargetStore } from "./memory-target-store";
/** Source and target SQLite pair with a recording mapping, for int tests and the benchmark. */
export { pipelineFixture, writeItemChanges, waitUntil } from "./pipeline-fixture";
export type { PipelineFixture, ItemRow } from "./pipeline-fixture";
