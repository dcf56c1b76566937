import { Counter, Histogram, Registry } from "prom-client";

/** Label of requests no route matched. */
export const DEFAULT_ROUTE_LABEL = "(default)";
/** Label of requests refused before routing (ambiguous or too long paths). */
export const REJECTED_ROUTE_LABEL = "(rejected)";

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
  private readonly counts = new Map<string, RouteCounts>();
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
      }
    } catch {
      // Metrics must never fail a request.
    }
  }

  countsFor(route: string): RouteCounts {
    return { ...(this.counts.get(route) ?? { monolith: 0, service: 0 }) };
  }
}
