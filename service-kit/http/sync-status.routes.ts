import { Router } from "express";
import { SYNC_STATUS_PATH, type OwnershipStatus, type StreamSyncStatus, type SyncStatus } from "../../contracts";
import type { ConsumerStatus } from "../../cdc";
import { HttpError } from "../../platform";
import type { SyncErrorCodes } from "./sync-error-codes";

/** Where the status of the running consumers comes from (none when sync is off). */
export type StatusSource = () => Promise<ConsumerStatus[]>;

/** Where the ownership of the service's write groups comes from (none without a monolith database). */
export type OwnershipSource = () => Promise<OwnershipStatus[]>;

/** The contract's view of one consumer's status. */
export function streamSyncStatus(status: ConsumerStatus): StreamSyncStatus {
  return {
    stream: status.stream,
    running: status.running,
    backlog: status.backlog,
    lastAppliedPosition: status.lastAppliedPosition,
    appliedThroughPosition: status.appliedThroughPosition,
    lagP99Ms: status.lag.p99Ms,
    lagP50Ms: status.lag.p50Ms,
    heartbeatLagMs: status.heartbeatLagMs,
    parked: status.parked,
  };
}

/** `GET /internal/sync/status` (contracts/sync-status.ts), read by the proxy's gates, the CLI and the dashboard. */
export function syncStatusRoutes(service: string, codes: Pick<SyncErrorCodes, "syncUnavailable">, statuses: StatusSource, ownership: OwnershipSource = async () => []): Router {
  const router = Router();
  router.get(SYNC_STATUS_PATH, async (_req, res) => {
    let streams: StreamSyncStatus[];
    try {
      streams = (await statuses()).map(streamSyncStatus);
    } catch {
      throw new HttpError(503, codes.syncUnavailable, "The sync consumer does not answer");
    }
    let groups: OwnershipStatus[];
    try {
      groups = await ownership();
    } catch {
      throw new HttpError(503, codes.syncUnavailable, "The ownership record cannot be read");
    }
    const body: SyncStatus = { service, streams, ownership: groups };
    res.json(body);
  });
  return router;
}
