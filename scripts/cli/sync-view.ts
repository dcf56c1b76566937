// The parked-change answers (ParkedAnswer, ReplayAnswer, DiscardAnswer) are contracts/parked-changes.ts.

/** The source side of a stream: changes in the source's log the relay has not yet had acknowledged. */
export interface RelayView {
  source: string;
  /** The SQLite file, or the PostgreSQL URL with its password masked. */
  database: string;
  /** The log's head; null (and the counts too) when the log could not be read (`error`). */
  lastPosition: number | null;
  /** Every change at or below it was acknowledged by the broker (the relay's progress file). */
  publishedThrough: number | null;
  unpublished: number | null;
  oldestUnpublishedAgeMs: number | null;
  /** Why the source's change log could not be read (a PostgreSQL database that does not answer). */
  error?: string;
}

/** A shadow report as `GET /routes/:id/shadow-report` answers it (the fields the CLI prints). */
export interface ShadowReportView {
  routeId: string;
  stage: { stage: string; percent: number | null };
  samples: number;
  matchRate: number | null;
  counters: { matched: number; mismatched: number; errored: number; skipped: number; noise: number; skippedBy: Record<string, number> };
  topDifferingPaths: Array<{ path: string; count: number }>;
  noisyPaths?: string[];
  recentMismatches: Array<{ id: number; at: string; outcome: string; requestId: string | null; method: string; path: string; differences: Array<{ path: string; primary: unknown; candidate: unknown }> }>;
}

/** `GET /routes/:id/gate`: may the route move to its next stage. */
export interface GateView {
  routeId: string;
  next: { stage: string; percent: number | null } | null;
  allowed: boolean;
  reasons: string[];
  checks: Array<{ name: string; applicable: boolean; passed: boolean; detail: string }>;
}
