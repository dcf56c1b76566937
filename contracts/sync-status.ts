import { z } from "zod";

/**
 * What a service that consumes change streams answers on `GET /internal/sync/status`: one entry per
 * source stream it applies. The proxy's promotion gates and the `strangler` CLI read it by URL.
 */
export const streamSyncStatusSchema = z.object({
  /** JetStream stream, e.g. `CDC_MONOLITH`. */
  stream: z.string(),
  running: z.boolean(),
  /** Changes published and not yet applied (undelivered + unacknowledged). */
  backlog: z.number().int().nonnegative(),
  /** Highest source position taken so far: applied, or recorded when the change came from this target. */
  lastAppliedPosition: z.number().int().nonnegative(),
  /** Commit-to-apply latency over the recent window; null before the first change. */
  lagP99Ms: z.number().nonnegative().nullable(),
  /** Age of the last relay heartbeat when it arrived: the pipeline's delay while idle. */
  heartbeatLagMs: z.number().nonnegative().nullable(),
  /** Changes parked after repeated failures (they block only their own row). */
  parked: z.number().int().nonnegative(),
});

export const syncStatusSchema = z.object({
  service: z.string(),
  streams: z.array(streamSyncStatusSchema),
});

export type StreamSyncStatus = z.infer<typeof streamSyncStatusSchema>;
export type SyncStatus = z.infer<typeof syncStatusSchema>;

/** Path of the sync status endpoint every consuming service serves. */
export const SYNC_STATUS_PATH = "/internal/sync/status";
