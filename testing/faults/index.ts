/**
 * The fault-injection harness (`npm run test:faults`, docs/faults.md): the whole toolkit as real
 * processes on loopback ports, a write load through the proxy that knows what each client was told,
 * SIGKILL faults with the restart a user would do, and the final proof.
 */
/** Seeded choices: the same FAULT_SEED gives the same faults in the same order. */
/** A process in its own group, its output in a log file, killable with SIGKILL. */
export { runProcess, REPO_ROOT } from "./managed-process";
export type { ProcessRun, ProcessSpec } from "./managed-process";
/** Readiness on conditions (HTTP 2xx), never fixed sleeps. */
export { waitHttpOk, getJson, START_TIMEOUT_MS } from "./wait-http";
/** nats-server, monolith, relay, catalog (backfilled), proxy: started, killed and restarted like a user does. */
export { FaultStack } from "./fault-stack";
export type { PartName, FaultStackOptions, UnexpectedExit } from "./fault-stack";
/** The `strangler` bin as a process of its own. */
export { startCli, runCli, outcomeOf, brief } from "./cli-process";
export type { CliOutcome } from "./cli-process";
/** What a client may conclude from an answer to a write, and sending one. */
export { classifyAnswer, send } from "./write-outcome";
export type { Answer, WriteOutcome, AnswerFailure } from "./write-outcome";
/** Who was told what, per fault row. */
export { WriteLedger } from "./write-ledger";
export type { RowStats, Failure, FailureKind } from "./write-ledger";
/** The load through the proxy, and what its clients expect to find. */
export { startFaultLoad } from "./fault-load";
export type { FaultLoadOptions, RunningFaultLoad } from "./fault-load";
export type { ExpectedState, ProductFate, CategoryFate, StockFate, Confirmed } from "./expected-state";
/** "No fence left held": the sync status and the proxy's groups agree with the owner. */
export { waitSettled } from "./settled-check";
export type { Owner, SettledLook } from "./settled-check";
/** The faults. */
export { sleep, typicalMs, countRecovery } from "./fault-context";
export type { FaultContext, FaultResult } from "./fault-context";
export { killPart, PART_ROWS } from "./part-faults";
export type { KilledPart } from "./part-faults";
export { killCutover, cleanCutover, CLEAN_CUTOVER_ROW, LEASE_MS } from "./cutover-faults";
export type { CutoverKill } from "./cutover-faults";
export { CUTOVER_POINTS, CutoverCoverage, pointOf } from "./cutover-points";
export { killRepair, REPAIR_ROW } from "./repair-fault";
export { strayWrite, productNames } from "./stray-write";
export type { StrayWrite } from "./stray-write";
/** The monolith's database (SQLite file or PostgreSQL) or the catalog's file, opened directly as a user's script would. */
export { withDirectDatabase } from "./direct-database";
export type { DirectDatabase, DirectRun, DirectResult } from "./direct-database";
export { RepairRuns, repairedKeysOf } from "./repair-runs";
export type { RepairRun } from "./repair-runs";
export { FaultPlan, DECK, SMALL_DECK, killsToCoverEveryPoint } from "./fault-plan";
export type { FaultKind } from "./fault-plan";
/** The proof at the end, and the table. */
export { proveFinalState, FINAL_ROW } from "./final-proof";
export type { FinalProof } from "./final-proof";
export { checkDirection, checkDirectionSettled } from "./sync-history";
export type { Direction, DirectionHistory } from "./sync-history";
export { checkExpectedState } from "./check-expected";
export { faultTable, failureList } from "./fault-table";
/** Waiting, by position, until sync has caught up both ways. */
export { openSyncProbe } from "./sync-probe";
export type { SyncProbe } from "./sync-probe";
/** The whole run: load, faults, proof. */
export { runFaults, WARMUP_ROW } from "./fault-run";
export type { FaultRunOptions, FaultRunReport } from "./fault-run";
/** The jest describe of one run, on the monolith's SQLite file or on a fresh PostgreSQL database. */
export { describeFaultRun } from "./describe-fault-run";
export type { FaultRunSettings } from "./describe-fault-run";
