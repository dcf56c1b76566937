import { safeError, type Logger } from "../../platform";
import type { ShadowStoreConfig } from "../config/schema";
import { generalisePath, type CapturedResponse, type Difference } from "../diff";
import { emptyStats, matchRateOf, samplesOf, type RouteShadowStats, type ShadowOutcome, type SkipReason } from "./shadow-stats";
import { redactQuery, storableDifferences, storableHeaders } from "./redact";
import type { MismatchEntry, ShadowBatch, ShadowStore } from "./store/shadow-store";

/** What the shadow path reports about one request. */
export interface ComparisonRecord {
  routeId: string;
  outcome: ShadowOutcome;
  skipReason?: SkipReason;
  requestId: string;
  method: string;
  path: string;
  differences?: Difference[];
  /** Differences explained as noise. */
  noise?: Difference[];
  primary?: CapturedResponse;
  candidate?: CapturedResponse;
  /** Why the copy errored (timeout, refused, …). */
  error?: string;
}

/** The per-route report of `GET /routes/:id/shadow-report`. */
export interface ShadowReport {
  routeId: string;
  samples: number;
  matchRate: number | null;
  counters: { matched: number; mismatched: number; errored: number; skipped: number; noise: number; skippedBy: Record<string, number> };
  topDifferingPaths: Array<{ path: string; count: number }>;
  noisyPaths: string[];
  recentMismatches: MismatchEntry[];
}

/** Most pending mismatch rows kept while the store is slow; more are counted but not stored. */
const MAX_PENDING = 5000;
/** Most distinct differing paths counted per route. */
const MAX_PATHS_PER_ROUTE = 1000;

/**
 * The shadow path's ledger: counters in memory (read by the report, metrics and gates) and mismatch
 * records queued for the store, written in batches every `flushIntervalMs`. `record` never throws and
 * never waits on the store.
 */
export class ShadowLedger {
  private readonly stats: Map<string, RouteShadowStats>;
  private pending: MismatchEntry[] = [];
  private readonly dirty = new Map<string, Set<string>>();
  private dropped = 0;
  private flushing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  /** Query parameters whose values are never stored (lower case). */
  private readonly redactedParams: ReadonlySet<string>;

  private constructor(
    private readonly store: ShadowStore,
    stats: Map<string, RouteShadowStats>,
    private readonly config: Readonly<ShadowStoreConfig>,
    private readonly logger: Logger,
  ) {
    this.stats = stats;
    this.redactedParams = new Set(config.redactQueryParams.map((name) => name.toLowerCase()));
    this.timer = setInterval(() => void this.flush(), config.flushIntervalMs);
    this.timer.unref();
  }

  private onOutcome: (routeId: string, outcome: ShadowOutcome) => void = () => undefined;

  static async open(store: ShadowStore, config: Readonly<ShadowStoreConfig>, logger: Logger): Promise<ShadowLedger> {
    return new ShadowLedger(store, await store.load(), config, logger);
  }

  /** Called after each recorded outcome (metrics). */
  onRecord(listener: (routeId: string, outcome: ShadowOutcome) => void): void {
    this.onOutcome = listener;
  }

  /** The live stats of a route (created on first use; the differ shares its `noisyPaths`). */
  statsOf(routeId: string): RouteShadowStats {
    let stats = this.stats.get(routeId);
    if (!stats) this.stats.set(routeId, (stats = emptyStats()));
    return stats;
  }

  record(record: ComparisonRecord): void {
    try {
      const stats = this.statsOf(record.routeId);
      const changedPaths = this.dirty.get(record.routeId) ?? new Set<string>();
      this.dirty.set(record.routeId, changedPaths);
      stats[record.outcome] += 1;
      if (record.skipReason) stats.skippedBy[record.skipReason] = (stats.skippedBy[record.skipReason] ?? 0) + 1;
      if (record.noise && record.noise.length > 0) stats.noise += 1;
      for (const path of new Set((record.differences ?? []).map((d) => generalisePath(d.path)))) {
        // Bounded: paths made of ids (`$.byId["123"]`) must not grow the map without end.
        if (!stats.diffPaths.has(path) && stats.diffPaths.size >= MAX_PATHS_PER_ROUTE) continue;
        stats.diffPaths.set(path, (stats.diffPaths.get(path) ?? 0) + 1);
        changedPaths.add(path);
      }
      this.onOutcome(record.routeId, record.outcome);
      if (record.outcome === "mismatched" || record.outcome === "errored") this.enqueue(record);
    } catch (err) {
      this.logger.error("shadow record failed", { err: safeError(err), route: record.routeId });
    }
  }

  /** Counters, match rate, most frequent differing paths and the newest mismatches of a route. */
  async report(routeId: string, recentLimit = 20): Promise<ShadowReport> {
    await this.flush();
    const stats = this.statsOf(routeId);
    const topDifferingPaths = [...stats.diffPaths.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10).map(([path, count]) => ({ path, count }));
    return {
      routeId,
      samples: samplesOf(stats),
      matchRate: matchRateOf(stats),
      counters: { matched: stats.matched, mismatched: stats.mismatched, errored: stats.errored, skipped: stats.skipped, noise: stats.noise, skippedBy: { ...stats.skippedBy } },
      topDifferingPaths,
      noisyPaths: [...stats.noisyPaths].sort(),
      recentMismatches: await this.store.recent(routeId, recentLimit),
    };
  }

  /** Match rates of every route that has samples (for the gauge). */
  matchRates(): Array<{ routeId: string; rate: number }> {
    return [...this.stats.entries()].flatMap(([routeId, stats]) => {
      const rate = matchRateOf(stats);
      return rate === null ? [] : [{ routeId, rate }];
    });
  }

  /** Forgets a route's counters, learned noise and records. */
  async reset(routeId: string): Promise<void> {
    await this.flush();
    const stats = this.statsOf(routeId);
    Object.assign(stats, { ...emptyStats(), noisyPaths: stats.noisyPaths, diffPaths: stats.diffPaths });
    stats.noisyPaths.clear();
    stats.diffPaths.clear();
    this.dirty.delete(routeId);
    await this.store.reset(routeId);
  }

  /** Writes what is pending; batches never overlap. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.pending.length === 0 && this.dirty.size === 0) return;
      const batch: ShadowBatch = {
        mismatches: this.pending,
        routes: [...this.dirty.entries()].map(([routeId, changed]) => ({ routeId, stats: this.statsOf(routeId), changedPaths: [...changed] })),
      };
      this.pending = [];
      this.dirty.clear();
      try {
        await this.store.write(batch);
      } catch (err) {
        this.logger.error("writing shadow records failed", { err: safeError(err), mismatches: batch.mismatches.length });
      }
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    if (this.dropped > 0) this.logger.warn("shadow mismatch records dropped while the store was behind", { dropped: this.dropped });
  }

  private enqueue(record: ComparisonRecord): void {
    if (this.pending.length >= MAX_PENDING) {
      this.dropped += 1;
      return;
    }
    const cap = this.config.storedBodyBytes;
    const names = this.redactedParams;
    // What is stored never carries cookies, credentials or the configured query parameters' values.
    this.pending.push({
      routeId: record.routeId,
      at: new Date().toISOString(),
      outcome: record.outcome === "errored" ? "errored" : "mismatch",
      requestId: record.requestId,
      method: record.method,
      path: redactQuery(record.path, names),
      differences: record.error ? [{ path: "(error)", primary: null, candidate: record.error }] : storableDifferences(record.differences ?? [], names),
      primary: record.primary ? summarise(record.primary, cap, names) : null,
      candidate: record.candidate ? summarise(record.candidate, cap, names) : { error: record.error ?? null },
    });
  }
}

function summarise(response: CapturedResponse, cap: number, names: ReadonlySet<string>) {
  const text = response.body.subarray(0, cap).toString("utf8");
  return { status: response.status, headers: storableHeaders(response.headers, names), body: text, bytes: response.body.length, truncated: response.truncated || response.body.length > cap };
}
