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
  /**
   * Every change of the stream at or below this source position has been taken (applied, recorded,
   * or not followed), proven by the broker's acknowledged floor passing a relay's position mark
   * (docs/read-your-writes.md); null until this consumer saw one. Optional: older services send none.
   */
  appliedThroughPosition: z.number().int().nonnegative().nullable().optional(),
  /** Commit-to-apply latency over the recent window; null before the first change. */
  lagP99Ms: z.number().nonnegative().nullable(),
  /** The median of the same window (optional: services before it was added do not send it). */
  lagP50Ms: z.number().nonnegative().nullable().optional(),
  /** Age of the last relay heartbeat when it arrived: the pipeline's delay while idle. */
  heartbeatLagMs: z.number().nonnegative().nullable(),
  /** Changes parked after repeated failures (they block only their own row). */
  parked: z.number().int().nonnegative(),
});

/** Who owns one write group, its databases' write fences, and the lease of a cut-over at work (docs/write-path.md). */
export const ownershipStatusSchema = z.object({
  /** The proxy route group of the moved write routes, e.g. `catalog-writes`. */
  group: z.string(),
  /** The side that takes the group's writes; the other side's copy is written only by sync. */
  owner: z.enum(["monolith", "service"]),
  /** Ownership changes so far (each committed cut-over adds one). */
  epoch: z.number().int().nonnegative(),
  changedAt: z.string(),
  /** The moved tables that have a write fence row, per database. */
  fenced: z.object({ monolith: z.array(z.string()), service: z.array(z.string()) }),
  /** The lease of a cut-over (or of the keeper settling one), when one is held. */
  lease: z
    .object({
      holder: z.string(),
      from: z.enum(["monolith", "service"]),
      to: z.enum(["monolith", "service"]),
      reason: z.string().nullable(),
      startedAt: z.string(),
      expiresAt: z.string(),
      step: z.string().nullable(),
      /** Not renewed in time: its holder is presumed dead; the service's keeper settles it. */
      expired: z.boolean(),
    })
    .nullable(),
});

export const syncStatusSchema = z.object({
  service: z.string(),
  streams: z.array(streamSyncStatusSchema),
  /** One entry per write group of the service (absent from services without one). */
  ownership: z.array(ownershipStatusSchema).optional(),
});

export type StreamSyncStatus = z.infer<typeof streamSyncStatusSchema>;
export type OwnershipStatus = z.infer<typeof ownershipStatusSchema>;
export type SyncStatus = z.infer<typeof syncStatusSchema>;

/**
 * What a change log's owner answers on `GET /internal/sync/head` (the monolith's relay process, and
 * each service for its own log): the highest position committed in the log now. Read after a write
 * was answered, it is at or above that write's changes.
 */
export const syncHeadSchema = z.object({
  /** Source database name, e.g. `monolith`. */
  source: z.string(),
  /** Its JetStream stream, e.g. `CDC_MONOLITH`. */
  stream: z.string(),
  position: z.number().int().nonnegative(),
});
export type SyncHead = z.infer<typeof syncHeadSchema>;

/** Path of the log head endpoint (syncHeadSchema). */
export const SYNC_HEAD_PATH = "/internal/sync/head";

/** Path of the sync status endpoint every consuming service serves. */
export const SYNC_STATUS_PATH = "/internal/sync/status";
