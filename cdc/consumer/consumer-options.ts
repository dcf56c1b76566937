import type { Logger } from "../../platform";
import type { ConsumerMetrics } from "../metrics/consumer-metrics";
import { withDefaults } from "../core/with-defaults";

/** Test hooks; throwing SimulatedCrash in one stops the consumer there, as a crash would. */
export interface ConsumerHooks {
  /** A batch is about to be applied (awaited: a test slows the consumer down here). */
  beforeApply?(): Promise<void> | void;
  /** The batch is applied in the open target transaction, not yet committed. */
  beforeCommit?(): void;
  /** The target transaction committed; nothing acknowledged yet. */
  afterCommit?(): void;
}

export interface ConsumerOptions {
  /** Messages handled per target transaction, at most (default 256). */
  batchSize?: number;
  /** A change failing this many times in a row is parked (default 8, about 20 s of retries). */
  maxAttempts?: number;
  /** Pause before redelivery of a failed change: first and largest (defaults 200 ms, 10 s). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Pause before redelivery of a change that waits for its predecessor (defaults 50 ms, 1 s). */
  waitBaseMs?: number;
  waitMaxMs?: number;
  /** A change still waiting for its predecessor after this long is parked (default 10 min). */
  maxWaitMs?: number;
  /**
   * A waiting change is held in memory up to this long (default 5 s; keep it well below the
   * subscription's ack wait) and applied the moment a change of its row is taken; then it is sent
   * back with the wait delay above. At most `maxHeldWaiting` (default 1024) are held.
   */
  holdWaitingMs?: number;
  maxHeldWaiting?: number;
  /**
   * A source transaction group held incomplete this long (default 1000 ms) is checked against the
   * target: when everything of it that arrived was taken already (redelivered part of a group
   * applied before) it is acknowledged, else held on for the rest.
   */
  groupCheckMs?: number;
  logger?: Logger;
  metrics?: ConsumerMetrics;
  hooks?: ConsumerHooks;
}

export type ResolvedConsumerOptions = Required<Omit<ConsumerOptions, "logger" | "metrics" | "hooks">> & Pick<ConsumerOptions, "logger" | "metrics" | "hooks">;

export function resolveConsumerOptions(options: ConsumerOptions): ResolvedConsumerOptions {
  return withDefaults(
    {
      batchSize: 256,
      maxAttempts: 8,
      retryBaseMs: 200,
      retryMaxMs: 10_000,
      waitBaseMs: 50,
      waitMaxMs: 1000,
      maxWaitMs: 10 * 60_000,
      holdWaitingMs: 5000,
      maxHeldWaiting: 1024,
      groupCheckMs: 1000,
    },
    options,
  ) as ResolvedConsumerOptions;
}
