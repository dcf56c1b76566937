import { CONSUMER_CHECKPOINTS_TABLE } from "../sqlite/consumer-tables-v1";
import { runSql } from "../sqlite/sql-text";
import { drainStatus, type DrainStatus } from "./drain-status";
import type { WriteSide } from "./write-side";

export interface WaitForDrainOptions {
  /**
   * Give up after this long in all; the last status says what was still missing. Default 30 s,
   * unless `stallMs` is given: then there is no overall limit unless this is given too.
   */
  timeoutMs?: number;
  /**
   * Give up once the wait has made no progress for this long (see DrainProgress: the relay
   * publishing, the target's consumer committing batches while short of `through`, rows taken),
   * however long it has run in all: for a wait whose length depends on a backlog, not on a window.
   */
  stallMs?: number;
  /** Pause between polls (default 25 ms). */
  pollMs?: number;
  /** Stops waiting early (an operator's Ctrl-C). */
  signal?: AbortSignal;
  /** Called after each poll, e.g. to print progress. */
  onPoll?: (status: DrainStatus, progress: DrainProgress) => void;
  /** Positions up to here are known drained already (an earlier drain's `through`). */
  after?: number;
}

/** How a wait is getting on, for progress output and for the stall limit. */
export interface DrainProgress {
  /** Since the wait began. */
  elapsedMs: number;
  /** Since the last sign of progress (or the start). */
  idleMs: number;
  /**
   * The target's consumer of the source, from its checkpoint (null when it has none yet): when it
   * last committed a batch (it does for every batch it takes, even one it only skips) and the highest
   * position it applied or recorded.
   */
  consumer: { lastBatchAt: string; lastPosition: number } | null;
}

/** The last status of a wait, and how it ended. */
export interface DrainWait extends DrainStatus {
  /** Why it ended without draining: the overall `timeout`, no progress for `stallMs`, the signal, a parked change; null when drained. */
  gaveUp: "timeout" | "stalled" | "aborted" | "parked" | null;
  elapsedMs: number;
  /** How long it had gone without progress when it ended. */
  idleMs: number;
}

/** The target consumer's checkpoint for the source (every consumer of it: the latest batch, the highest position). */
async function consumerCheckpoint(to: WriteSide, source: string): Promise<DrainProgress["consumer"]> {
  const [row] = await runSql<Array<{ at: string | null; last: number | string | null }>>(
    to.db,
    `SELECT MAX("updated_at") AS "at", MAX("last_position") AS "last" FROM "${CONSUMER_CHECKPOINTS_TABLE}" WHERE "source" = ?`,
    [source],
  );
  return row?.at ? { lastBatchAt: String(row.at), lastPosition: Number(row.last ?? 0) } : null;
}

/**
 * Waits until the target has taken every change of the moved tables the source logged up to
 * `through` (by position, see drainStatus). Resolves with the last status: `drained` false means
 * the time ran out (`timeoutMs`), no progress was made for `stallMs`, a change was parked, or the
 * signal fired (`gaveUp` says which).
 *
 * Progress is anything that brings the target closer to `through`: fewer rows pending, fewer
 * changes left for the source's relay to publish, or the target's consumer committing a batch
 * while it has not applied up to `through` yet (working through a backlog of other changes).
 * Once the consumer is past `through`, only rows taken count: a row it never takes stalls the wait.
 */
export async function waitForDrain(from: WriteSide, to: WriteSide, through: number, options: WaitForDrainOptions = {}): Promise<DrainWait> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? (options.stallMs === undefined ? 30_000 : Infinity);
  const stallMs = options.stallMs ?? Infinity;
  let lastProgressAt = started;
  let status = await drainStatus(from, to, through, undefined, options.after);
  let consumer = await consumerCheckpoint(to, from.name);
  const progress = (): DrainProgress => ({ elapsedMs: Date.now() - started, idleMs: Date.now() - lastProgressAt, consumer });
  options.onPoll?.(status, progress());
  const gaveUp = (): DrainWait["gaveUp"] => {
    if (status.drained) return null;
    if (status.parked.length > 0) return "parked";
    if (options.signal?.aborted) return "aborted";
    if (Date.now() - started >= timeoutMs) return "timeout";
    if (Date.now() - lastProgressAt >= stallMs) return "stalled";
    return null;
  };
  while (!status.drained && gaveUp() === null) {
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 25));
    const before = status;
    const consumerBefore = consumer;
    // The log up to `through` is fixed, so only rows found pending need another look.
    status = await drainStatus(from, to, through, status.pending, options.after);
    consumer = await consumerCheckpoint(to, from.name);
    const published = status.unpublished !== null && before.unpublished !== null && status.unpublished < before.unpublished;
    const consuming = consumer !== null && consumer.lastBatchAt !== consumerBefore?.lastBatchAt && (consumerBefore?.lastPosition ?? 0) < through;
    if (status.drained || status.pending.length < before.pending.length || published || consuming) lastProgressAt = Date.now();
    options.onPoll?.(status, progress());
  }
  return { ...status, gaveUp: gaveUp(), elapsedMs: Date.now() - started, idleMs: Date.now() - lastProgressAt };
}
