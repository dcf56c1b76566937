/**
 * The service kit: what every extracted service serves the same way, so a service folder holds only
 * what is its own (docs/adding-an-extracted-service.md). Imports `platform/`, `contracts/` and the cdc
 * public face only; a service imports the kit through this file.
 */

/** `GET /internal/sync/status` (contracts/sync-status.ts) from the running consumers and the ownership record. */
export { syncStatusRoutes, streamSyncStatus } from "./http/sync-status.routes";
export type { StatusSource, OwnershipSource } from "./http/sync-status.routes";
export type { HeadSource } from "./http/sync-head.routes";
export { syncEndpointsOf } from "./http/sync-endpoints";
export type { SyncEndpoints } from "./http/sync-endpoints";
/** The parked-change endpoints (contracts/parked-changes.ts): list, replay through the running consumer, discard with a reason. */
export { parkedRoutes } from "./http/parked.routes";
export type { ParkedChanges, ParkedSource } from "./http/parked.routes";
/** The codes a service answers on those endpoints (its own, docs/errors.md). */
export type { SyncErrorCodes } from "./http/sync-error-codes";
/** A service's express app around its own routes: request ids, access log, `x-served-by`, the sync endpoints, 404 and the error envelope. */
export { createServiceApp, SERVED_BY_HEADER } from "./http/service-app";
export type { ServiceAppOptions, ServiceAppCodes } from "./http/service-app";
/** Parses a query or body with zod, or throws the service's 400 naming each failing field. */
export { parseInput } from "./http/parse-input";
/** A service's sync as the kit runs it: the service describes it once (`ServiceSync`), the kit does the rest. */
export { MONOLITH_SOURCE, SERVICE_SYNC_WAL, forwardDurable, reverseDurable } from "./sync/service-sync";
export type { ServiceSync } from "./sync/service-sync";
/** Monolith → service: the consumer, backfill, verify and repair. */
export { startForwardSync } from "./sync/start-forward-sync";
export type { StartForwardSyncOptions } from "./sync/start-forward-sync";
export { backfillService, verifyService, repairService } from "./sync/copy-from-monolith";
/** Service → monolith once it owns the writes: its relay and the consumer into the monolith, and repair that way. */
export { startReverseSync } from "./sync/start-reverse-sync";
export type { StartReverseSyncOptions, RunningReverseSync } from "./sync/start-reverse-sync";
export { repairMonolithFromService } from "./sync/copy-to-monolith";
/** Both directions in one process (what a service runs): one status and one parked list. */
export { startSyncPair } from "./sync/start-sync-pair";
export type { SyncPair, StartSyncPairOptions } from "./sync/start-sync-pair";
/** The monolith's database: read as a source (backfill, verify), or opened as the reverse sync's target (the service's in-monolith migrations applied). */
export { openMonolithDatabase, openMonolithTarget } from "./sync/monolith-databases";
/** Where a relay keeps its progress when its database is on PostgreSQL (`<dataDir>/<source>.strangler.sqlite`); undefined beside a SQLite file. */
export { relayProgressFile, monolithRelayProgressFile } from "./sync/monolith-databases";
/** The write path over both databases (cutover, verify, the ownership keeper). */
export { serviceWritePath } from "./sync/service-write-path";
/** A service's commands (`cli/backfill-main.ts`, `cli/verify-main.ts`, `cli/write-path.ts`) in a few lines each. */
export { runBackfillCommand } from "./cli/backfill-command";
export { runVerifyCommand } from "./cli/verify-command";
export { openServiceWritePath } from "./cli/open-service-write-path";
export { runCommand } from "./cli/run-command";
export { serviceDatabases } from "./cli/service-databases";
export type { ServiceDatabases } from "./cli/service-databases";
/** What a service's main.ts starts before taking traffic: its write group's keeper and both sync directions. */
export { startServiceSync } from "./sync/start-service-sync";
export type { StartServiceSyncOptions, RunningServiceSync } from "./sync/start-service-sync";
/** A service's calls to the legacy side that go with a write of its own: logged, idempotent by key, compensated after a failure or a crash. */
export { LegacyCalls, LegacyRefusal, LegacyUnavailable } from "./legacy-calls/legacy-calls";
export type { LegacyCall, LegacyCallKind, LegacyCallsOptions } from "./legacy-calls/legacy-calls";
export { LegacyCallLog } from "./legacy-calls/legacy-call-log";
export { callLegacy } from "./legacy-calls/call-legacy";
export type { LegacyRequest } from "./legacy-calls/call-legacy";
export type { LegacyCallRow, LegacyCallState } from "./legacy-calls/legacy-call-log";
/** Monolith ids for the rows a service creates once it owns their writes. */
export { LegacyIds } from "./writes/legacy-ids";
