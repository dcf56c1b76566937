import { drainStatus, type DrainStatus } from "./drain-status";
import type { WriteSide } from "./write-side";

export interface WaitForDrainOptions {
  /** Give up after this long (default 30 s); the last status says what was still missing. */
  timeoutMs?: number;
  /** Pause between polls (default 25 ms). */
  pollMs?: number;
  /** Stops waiting early (an operator's Ctrl-C). */
  signal?: AbortSignal;
  /** Called after each poll, e.g. to print progress. */
  onPoll?: (status: DrainStatus) => void;
  /** Positions up to here are known drained already (an earlier drain's `through`). */
  after?: number;
}

/**
 * Waits until the target has taken every change of the moved tables the source logged up to
 * `through` (by position, see drainStatus). Resolves with the last status: `drained` false means
 * the time ran out, a change was parked, or the signal fired.
 */
export async function waitForDrain(from: WriteSide, to: WriteSide, through: number, options: WaitForDrainOptions = {}): Promise<DrainStatus> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let status = await drainStatus(from, to, through, undefined, options.after);
  options.onPoll?.(status);
  while (!status.drained && status.parked.length === 0 && Date.now() < deadline && !options.signal?.aborted) {
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 25));
    // The log up to `through` is fixed, so only rows found pending need another look.
    status = await drainStatus(from, to, through, status.pending, options.after);
    options.onPoll?.(status);
  }
  return status;
}
