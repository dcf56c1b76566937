import type { Logger } from "../../platform";
import type { LoggedChange } from "../core/ports";
import type { RelayMetrics } from "../metrics/relay-metrics";
import { withDefaults } from "../core/with-defaults";

/**
 * Test hooks: each is called at one point of the relay's work; throwing SimulatedCrash there
 * stops the relay as a crash would (nothing after that point happens).
 */
export interface RelayHooks {
  /** Changes were read from the log, nothing published yet. */
  afterRead?(changes: readonly LoggedChange[]): void;
  /** The broker stored the change; the relay has not yet taken the acknowledgement into account. */
  afterPublish?(change: LoggedChange): void;
  /** Positions acknowledged since the last call; the progress they allow is not saved yet. */
  afterAck?(positions: readonly number[]): void;
  /** One prune batch deleted `deleted` rows of the source's change log. */
  afterPrune?(deleted: number): void;
}

export interface RelayOptions {
  /** Changes accepted but not yet acknowledged, at most (default 256). */
  maxInFlight?: number;
  /** Rows read per query (default 500). */
  batchSize?: number;
  /** Pause between reads when the log is empty (default 20 ms). */
  pollMs?: number;
  /** Heartbeat period while idle (default 1000 ms). */
  heartbeatMs?: number;
  /**
   * A position mark (a heartbeat carrying `publishedThrough`) goes out at most this often while
   * published-through advances (default 50 ms): consumers prove from it how far they have applied
   * (read-your-writes, docs/read-your-writes.md). 0 turns marks under load off.
   */
  markMs?: number;
  /** Published changes are kept in the source's change log this long before they are pruned (default 24 h). */
  retentionMs?: number;
  /** How often the relay looks (read-only) for changes to prune (default 60 s). */
  cleanupEveryMs?: number;
  /** Prune only after no new change was read for this long: the source is idle (default 2000 ms). */
  pruneWhenIdleMs?: number;
  /**
   * ...unless more than this many rows wait to be pruned: then prune while changes arrive. Off by
   * default (Infinity): each such delete can fail a legacy write that upgrades a read to a write.
   */
  pruneForceAbove?: number;
  /** Warn (once per look) while more than this many rows wait for an idle moment to be pruned (default 1,000,000). */
  pruneWarnAbove?: number;
  /**
   * A transaction group with more changes than this is published in parts of at most this size,
   * each a group of its own (default 1000; keep it well below the consumers' max_ack_pending, 20,000 by
   * default, which bounds what a consumer can hold unacknowledged while it assembles a group).
   */
  maxGroupSize?: number;
  /** Publish retry pause: first and largest (defaults 100 ms, 5 s). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  logger?: Logger;
  metrics?: RelayMetrics;
  hooks?: RelayHooks;
}

export type ResolvedRelayOptions = Required<Omit<RelayOptions, "logger" | "metrics" | "hooks">> & Pick<RelayOptions, "logger" | "metrics" | "hooks">;

export function resolveRelayOptions(options: RelayOptions): ResolvedRelayOptions {
  return withDefaults(
    {
      maxInFlight: 256,
      batchSize: 500,
      pollMs: 20,
      heartbeatMs: 1000,
      markMs: 50,
      retentionMs: 24 * 3600_000,
      cleanupEveryMs: 60_000,
      pruneWhenIdleMs: 2000,
      pruneForceAbove: Number.POSITIVE_INFINITY,
      pruneWarnAbove: 1_000_000,
      maxGroupSize: 1000,
      retryBaseMs: 100,
      retryMaxMs: 5000,
    },
    options,
  ) as ResolvedRelayOptions;
}
