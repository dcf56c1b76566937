/**
 * The service kit: what every extracted service serves the same way, so a service folder holds only
 * what is its own (docs/adding-an-extracted-service.md). Imports `platform/`, `contracts/` and the cdc
 * public face only; a service imports the kit through this file.
 */

/** `GET /internal/sync/status` (contracts/sync-status.ts) from the running consumers and the ownership record. */
export { syncStatusRoutes, streamSyncStatus } from "./http/sync-status.routes";
export type { StatusSource, OwnershipSource } from "./http/sync-status.routes";
/** The parked-change endpoints (contracts/parked-changes.ts): list, replay through the running consumer, discard with a reason. */
export { parkedRoutes } from "./http/parked.routes";
export type { ParkedChanges, ParkedSource } from "./http/parked.routes";
/** The codes a service answers on those endpoints (its own, docs/errors.md). */
export type { SyncErrorCodes } from "./http/sync-error-codes";
/** Parses a query or body with zod, or throws the service's 400 naming each failing field. */
export { parseInput } from "./http/parse-input";
