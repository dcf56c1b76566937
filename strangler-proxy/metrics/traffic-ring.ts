/** Requests per side of one route over the last window, oldest bucket first. */
export interface TrafficSeries {
  monolith: number[];
  service: number[];
}

/** The window as `GET /traffic` and `GET /routes/:id/traffic` answer it. */
export interface TrafficWindow {
  /** Width of one bucket in ms. */
  bucketMs: number;
  /** Number of buckets (bucketMs × buckets = the window). */
  buckets: number;
  /** Start of the oldest bucket (ISO time); the newest bucket is the current, still filling one. */
  from: string;
  /** The end of the current bucket (ISO time). */
  to: string;
}

const SIDES = { monolith: 0, service: 1 } as const;

/**
 * One route's counts: two counters per bucket (monolith, service) in one typed array, and the time
 * slot each bucket currently holds. A bucket whose slot is stale is zeroed when it is next written
 * or read, so the ring needs no timer and an idle route costs nothing.
 */
class RouteRing {
  readonly counts: Uint32Array;
  readonly slots: Float64Array;

  constructor(size: number) {
    this.counts = new Uint32Array(size * 2);
    this.slots = new Float64Array(size).fill(-1);
  }
}

/**
 * Per-route, per-side request counts in fixed time buckets (default 90 × 10 s = the last 15 minutes),
 * in memory, for the dashboard's traffic chart. `add` is the hot path: a map lookup, a division and
 * one increment, no allocation (a route's ring is allocated once, on its first request).
 */
export class TrafficRing {
  private readonly rings = new Map<string, RouteRing>();

  constructor(
    readonly bucketMs = 10_000,
    readonly size = 90,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request of `route` answered by `side`. */
  add(route: string, side: "monolith" | "service"): void {
    let ring = this.rings.get(route);
    if (!ring) this.rings.set(route, (ring = new RouteRing(this.size)));
    const slot = Math.floor(this.now() / this.bucketMs);
    const index = slot % this.size;
    if (ring.slots[index] !== slot) {
      ring.slots[index] = slot;
      ring.counts[index * 2] = 0;
      ring.counts[index * 2 + 1] = 0;
    }
    ring.counts[index * 2 + SIDES[side]] += 1;
  }

  /** The window ending with the current bucket. */
  window(): TrafficWindow {
    const current = Math.floor(this.now() / this.bucketMs);
    return {
      bucketMs: this.bucketMs,
      buckets: this.size,
      from: new Date((current - this.size + 1) * this.bucketMs).toISOString(),
      to: new Date((current + 1) * this.bucketMs).toISOString(),
    };
  }

  /** A route's counts over the window, oldest first (all zeros for a route that had no request). */
  seriesOf(route: string): TrafficSeries {
    const monolith = new Array<number>(this.size).fill(0);
    const service = new Array<number>(this.size).fill(0);
    const ring = this.rings.get(route);
    if (!ring) return { monolith, service };
    const current = Math.floor(this.now() / this.bucketMs);
    for (let i = 0; i < this.size; i++) {
      const slot = current - this.size + 1 + i;
      const index = slot % this.size;
      if (ring.slots[index] !== slot) continue;
      monolith[i] = ring.counts[index * 2];
      service[i] = ring.counts[index * 2 + 1];
    }
    return { monolith, service };
  }
}
