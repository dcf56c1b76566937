/** Exponential backoff: `baseMs * 2^(attempt-1)`, capped at `maxMs`. `attempt` starts at 1. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  return Math.min(baseMs * 2 ** exponent, maxMs);
}

/** Resolves after `ms` (for retry pauses in long-running loops, never in tests). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
