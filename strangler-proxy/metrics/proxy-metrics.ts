import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { TrafficRing } from "./traffic-ring";

/** Label of requests no route matched. */
export const DEFAULT_ROUTE_LABEL = "(default)";
/** Label of requests refused before routing (ambiguous or too long paths). */
export const REJECTED_ROUTE_LABEL = "(rejected)";

const BREAKER_STATE_VALUES: Record<string, number> = { closed: 0, "half-open": 1, open: 2 };

/** Per-route request counts kept in memory for `GET /routes`. */
export interface RouteCounts {
  monolith: number;
  service: number;
}

/** The proxy's metrics: one prom-client Registry per app instance, so tests can build several. */
export class ProxyMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: "strangler_proxy_requests_total",
    help: "Requests answered by the proxy, by route, upstream and status",
    labelNames: ["route", "upstream", "status"] as const,
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: "strangler_proxy_request_duration_seconds",
    help: "Time from request to the end of the response, by route and upstream",
    labelNames: ["route", "upstream"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly shadow = new Counter({
    name: "strangler_proxy_shadow_total",
    help: "Shadow comparisons by route and outcome (matched, mismatched, errored, skipped)",
    labelNames: ["route", "outcome"] as const,
    registers: [this.registry],
  });
  private readonly fallbacks = new Counter({
    name: "strangler_proxy_fallbacks_total",
    help: "Service requests answered by the monolith instead, by route, service and cause",
    labelNames: ["route", "upstream", "cause"] as const,
    registers: [this.registry],
  });
  private readonly upgrades = new Counter({
    name: "strangler_proxy_websocket_upgrades_total",
    help: "Websocket upgrades by route, side (monolith, service; none when refused) and outcome (forwarded: handed to the upstream; rejected: ambiguous or too long path)",
    labelNames: ["route", "side", "outcome"] as const,
    registers: [this.registry],
  });
  private readonly consistencyReads = new Counter({
    name: "strangler_proxy_read_your_writes_total",
    help: "Reads held to read-your-writes, by route and outcome (redirected: sent to the side that took the client's write; waited: the other side caught up in time; waited_then_owner: it did not, sent to the owner)",
    labelNames: ["route", "outcome"] as const,
    registers: [this.registry],
  });
  private readonly consistencyWait = new Histogram({
    name: "strangler_proxy_read_your_writes_wait_seconds",
    help: "Time a read waited for the other side to apply the client's writes (mode wait), by route",
    labelNames: ["route"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly headFailures = new Counter({
    name: "strangler_proxy_read_your_writes_head_failures_total",
    help: "Log heads that could not be read after a write (the client's reads then go to the side that took it until its watermark expires), by upstream",
    labelNames: ["upstream"] as const,
    registers: [this.registry],
  });
  private matchRates: () => Array<{ routeId: string; rate: number }> = () => [];
  private breakerStates: () => Array<{ upstream: string; state: string }> = () => [];
  private readonly matchRate = new Gauge({
    name: "strangler_proxy_shadow_match_rate",
    help: "Share of compared shadow requests that matched, by route (errored count as not matched)",
    labelNames: ["route"] as const,
    registers: [this.registry],
    collect: () => {
      for (const { routeId, rate } of this.matchRates()) this.matchRate.labels(routeId).set(rate);
    },
  });
  private readonly breakerState = new Gauge({
    name: "strangler_proxy_breaker_state",
    help: "Circuit breaker per upstream: 0 closed, 1 half-open, 2 open",
    labelNames: ["upstream"] as const,
    registers: [this.registry],
    collect: () => {
      for (const { upstream, state } of this.breakerStates()) this.breakerState.labels(upstream).set(BREAKER_STATE_VALUES[state] ?? 0);
    },
  });
  private readonly counts = new Map<string, RouteCounts>();
  /** Requests per route and side in 10 s buckets over the last 15 minutes (the dashboard's chart). */
  readonly traffic = new TrafficRing();
  // Label children cached by key: prom-client would otherwise hash the label object on every request.
  private readonly requestChildren = new Map<string, { inc(): void }>();
  private readonly durationChildren = new Map<string, { observe(value: number): void }>();

  /** Records one finished request; never throws into the caller's response path. */
  record(route: string, upstream: string, side: "monolith" | "service" | null, status: number, seconds: number): void {
    try {
      const key = `${route}\u0000${upstream}`;
      const requestKey = `${key}\u0000${status}`;
      let requests = this.requestChildren.get(requestKey);
      if (!requests) this.requestChildren.set(requestKey, (requests = this.requests.labels(route, upstream, String(status))));
      requests.inc();
      let duration = this.durationChildren.get(key);
      if (!duration) this.durationChildren.set(key, (duration = this.duration.labels(route, upstream)));
      duration.observe(seconds);
      if (side) {
        let counts = this.counts.get(route);
        if (!counts) this.counts.set(route, (counts = { monolith: 0, service: 0 }));
        counts[side] += 1;
        this.traffic.add(route, side);
      }
    } catch {
      // Metrics must never fail a request.
    }
  }

  /** Counts one shadow outcome. */
  countShadow(route: string, outcome: string): void {
    this.shadow.labels(route, outcome).inc();
  }

  /** Counts one websocket upgrade; never throws into the upgrade path. */
  countUpgrade(route: string, side: "monolith" | "service" | "none", outcome: "forwarded" | "rejected"): void {
    try {
      this.upgrades.labels(route, side, outcome).inc();
    } catch {
      // Metrics must never fail an upgrade.
    }
  }

  /** Counts one fallback to the monolith. */
  countFallback(route: string, upstream: string, cause: string): void {
    this.fallbacks.labels(route, upstream, cause).inc();
  }

  /** Counts one read held to read-your-writes; `waitedSeconds` when it waited. */
  countConsistentRead(route: string, outcome: "redirected" | "waited" | "waited_then_owner", waitedSeconds?: number): void {
    try {
      this.consistencyReads.labels(route, outcome).inc();
      if (waitedSeconds !== undefined) this.consistencyWait.labels(route).observe(waitedSeconds);
    } catch {
      // Metrics must never fail a request.
    }
  }

  /** Counts a log head that could not be read after a write. */
  countHeadFailure(upstream: string): void {
    this.headFailures.labels(upstream).inc();
  }

  /** Where the gauges read match rates and breaker states at scrape time. */
  observe(sources: { matchRates?: () => Array<{ routeId: string; rate: number }>; breakerStates?: () => Array<{ upstream: string; state: string }> }): void {
    if (sources.matchRates) this.matchRates = sources.matchRates;
    if (sources.breakerStates) this.breakerStates = sources.breakerStates;
  }

  countsFor(route: string): RouteCounts {
    return { ...(this.counts.get(route) ?? { monolith: 0, service: 0 }) };
  }
}
