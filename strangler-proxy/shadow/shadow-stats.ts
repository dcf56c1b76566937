/** How a shadow comparison ended. */
export type ShadowOutcome = "matched" | "mismatched" | "errored" | "skipped";

/** Why a request was not mirrored or not compared. */
export type SkipReason =
  | "sampled-out"
  | "write-not-mirrored"
  | "concurrency"
  | "request-too-large"
  | "response-too-large"
  | "primary-failed"
  | "breaker-open";

/** A route's shadow counters (in memory, persisted in batches). */
export interface RouteShadowStats {
  matched: number;
  mismatched: number;
  errored: number;
  skipped: number;
  /** Comparisons where a difference was explained as noise. */
  noise: number;
  skippedBy: Record<string, number>;
  /** Generalised paths learned as noise from the baseline. */
  noisyPaths: Set<string>;
  /** How often each generalised path differed. */
  diffPaths: Map<string, number>;
}

/** Fresh, zeroed stats. */
export function emptyStats(): RouteShadowStats {
  return { matched: 0, mismatched: 0, errored: 0, skipped: 0, noise: 0, skippedBy: {}, noisyPaths: new Set(), diffPaths: new Map() };
}

/** Compared samples: matched + mismatched + errored (skipped ones are not samples). */
export function samplesOf(stats: Pick<RouteShadowStats, "matched" | "mismatched" | "errored">): number {
  return stats.matched + stats.mismatched + stats.errored;
}

/** matched / samples, or null before the first sample. An errored comparison counts as not matched. */
export function matchRateOf(stats: Pick<RouteShadowStats, "matched" | "mismatched" | "errored">): number | null {
  const samples = samplesOf(stats);
  return samples === 0 ? null : stats.matched / samples;
}
