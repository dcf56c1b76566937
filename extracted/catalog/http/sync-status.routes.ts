import { Router } from "express";
import { SYNC_STATUS_PATH, type StreamSyncStatus, type SyncStatus } from "../../../contracts";
import type { ConsumerStatus } from "../../../cdc";
import { CATALOG_ERROR_CODES, CatalogError } from "../errors";

/** Where the status of the running consumers comes from (none when sync is off). */
export type StatusSource = () => Promise<ConsumerStatus[]>;

/** The contract's view of one consumer's status. */
export function streamSyncStatus(status: ConsumerStatus): StreamSyncStatus {
  return {
    stream: status.stream,
    running: status.running,
    backlog: status.backlog,
    lastAppliedPosition: status.lastAppliedPosition,
    lagP99Ms: status.lag.p99Ms,
    heartbeatLagMs: status.heartbeatLagMs,
    parked: status.parked,
  };
}

/** `GET /internal/sync/status` (contracts/sync-status.ts), read by the proxy's gates and the CLI. */
export function syncStatusRoutes(service: string, statuses: StatusSource): Router {
  const router = Router();
  router.get(SYNC_STATUS_PATH, async (_req, res) => {
    let streams: StreamSyncStatus[];
    try {
      streams = (await statuses()).map(streamSyncStatus);
    } catch {
      throw new CatalogError(503, CATALOG_ERROR_CODES.syncUnavailable, "The sync consumer does not answer");
    }
    const body: SyncStatus = { service, streams };
    res.json(body);
  });
  return router;
}
