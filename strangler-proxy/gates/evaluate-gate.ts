import type { GatesConfig, StageName } from "../config/schema";

/** A stage with its canary percentage (100 for service, 0 for monolith and shadow). */
export interface StageTarget {
  stage: StageName;
  percent: number | null;
}

/** The service's sync lag as the gate reads it. */
export type SyncLagReading =
  | { applicable: false; detail: string }
  | { applicable: true; ok: true; maxLagP99Ms: number; backlog: number }
  | { applicable: true; ok: false; error: string };

/** One condition of a gate. */
export interface GateCheck {
  name: "samples" | "match-rate" | "sync-lag";
  /** False when the check does not apply (the move is not gated, or no sync status is configured). */
  applicable: boolean;
  passed: boolean;
  detail: string;
}

/** May a route move from one stage to another, and why not. */
export interface GateVerdict {
  from: StageTarget;
  to: StageTarget;
  /** Moves back (towards the monolith) and monolith → shadow are never gated. */
  gated: boolean;
  allowed: boolean;
  checks: GateCheck[];
  /** The failed checks' details, for the 409 answer. */
  reasons: string[];
}

const RANK: Record<StageName, number> = { monolith: 0, shadow: 1, canary: 2, service: 3 };

/** True when `to` sends more users to the service than `from` (the moves a gate guards). */
export function movesTowardsService(from: StageTarget, to: StageTarget): boolean {
  if (to.stage === "canary" && from.stage === "canary") return (to.percent ?? 0) > (from.percent ?? 0);
  return RANK[to.stage] > RANK[from.stage] && (to.stage === "canary" || to.stage === "service");
}

/** The stage after `stage` (canary's next is service); null after service. */
export function nextStage(stage: StageName): StageTarget | null {
  if (stage === "monolith") return { stage: "shadow", percent: 0 };
  if (stage === "shadow") return { stage: "canary", percent: 10 };
  if (stage === "canary") return { stage: "service", percent: 100 };
  return null;
}

/**
 * The promotion gate: a move towards the service needs at least `minSamples` compared shadow
 * requests, a match rate of at least `minMatchRate`, and (when the service publishes its sync status)
 * a lag p99 of at most `maxSyncLagMs`.
 */
export function evaluateGate(
  from: StageTarget,
  to: StageTarget,
  shadow: { samples: number; matchRate: number | null },
  lag: SyncLagReading,
  config: Readonly<GatesConfig>,
): GateVerdict {
  const gated = movesTowardsService(from, to);
  const rate = shadow.matchRate;
  const checks: GateCheck[] = [
    {
      name: "samples",
      applicable: gated,
      passed: !gated || shadow.samples >= config.minSamples,
      detail: `${shadow.samples} compared shadow requests (need ${config.minSamples})`,
    },
    {
      name: "match-rate",
      applicable: gated,
      passed: !gated || (rate !== null && rate >= config.minMatchRate),
      detail: `match rate ${rate === null ? "unknown (no samples)" : `${(rate * 100).toFixed(2)}%`} (need ≥ ${(config.minMatchRate * 100).toFixed(2)}%)`,
    },
    lagCheck(gated, lag, config.maxSyncLagMs),
  ];
  const reasons = checks.filter((check) => check.applicable && !check.passed).map((check) => check.detail);
  return { from, to, gated, allowed: reasons.length === 0, checks, reasons };
}

function lagCheck(gated: boolean, lag: SyncLagReading, maxLagMs: number): GateCheck {
  if (!lag.applicable) return { name: "sync-lag", applicable: false, passed: true, detail: `not applicable: ${lag.detail}` };
  if (!lag.ok) return { name: "sync-lag", applicable: gated, passed: !gated, detail: `sync status unavailable: ${lag.error}` };
  return {
    name: "sync-lag",
    applicable: gated,
    passed: !gated || lag.maxLagP99Ms <= maxLagMs,
    detail: `sync lag p99 ${lag.maxLagP99Ms} ms, backlog ${lag.backlog} (need ≤ ${maxLagMs} ms)`,
  };
}
