/**
 * When `npm start` restarts a part that exited: exponential backoff from `initialMs`, doubling up to
 * `maxMs`; a part that had stayed up for `resetAfterMs` or more starts again from `initialMs`.
 */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  factor: number;
  resetAfterMs: number;
}

/** 0.5 s, 1 s, 2 s … 30 s; reset once a part stayed up for a minute. */
export const DEFAULT_BACKOFF: BackoffPolicy = Object.freeze({ initialMs: 500, maxMs: 30_000, factor: 2, resetAfterMs: 60_000 });

export interface RestartPlan {
  /** Exits in a row without a long enough run in between, this one included (1 for the first). */
  failuresInARow: number;
  /** How long to wait before starting it again. */
  delayMs: number;
}

/** The delay before the `failuresInARow`-th restart in a row (1-based). */
export function backoffDelay(policy: BackoffPolicy, failuresInARow: number): number {
  const exponent = Math.max(0, Math.floor(failuresInARow) - 1);
  // Capped before it can overflow: 2^1024 is Infinity, and min(Infinity, max) is still right, but be plain.
  const raw = policy.initialMs * Math.pow(policy.factor, Math.min(exponent, 64));
  return Math.min(policy.maxMs, Math.max(0, Math.round(raw)));
}

/**
 * Decides the next restart of a part that just exited after running `upMs` (0 when it never became
 * ready), given how many exits in a row came before. Pure: no clock, no timers.
 */
export function planRestart(policy: BackoffPolicy, previousFailuresInARow: number, upMs: number): RestartPlan {
  const failuresInARow = upMs >= policy.resetAfterMs ? 1 : Math.max(0, previousFailuresInARow) + 1;
  return { failuresInARow, delayMs: backoffDelay(policy, failuresInARow) };
}

/** `0.5 s`, `2 s`, `30 s`: a delay as the supervisor's lines say it. */
export function formatDelay(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

/** `45s`, `3m 05s`, `2h 01m`: an uptime as `strangler status` and the supervisor say it. */
export function formatUptime(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) return `${hours}h ${String(minutes).padStart(2, "0")}m`;
  if (minutes > 0) return `${minutes}m ${String(seconds).padStart(2, "0")}s`;
  return `${seconds}s`;
}
