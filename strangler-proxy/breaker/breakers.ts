import type { UpstreamConfig } from "../config/schema";
import { CircuitBreaker, type BreakerSnapshot } from "./circuit-breaker";

/** The breakers of every upstream, by name. */
export class Breakers {
  private readonly byName = new Map<string, CircuitBreaker>();

  constructor(
    upstreams: readonly UpstreamConfig[],
    probe: (upstream: UpstreamConfig) => Promise<boolean>,
    onChange: (snapshot: BreakerSnapshot) => void = () => undefined,
  ) {
    for (const upstream of upstreams) {
      this.byName.set(upstream.name, new CircuitBreaker(upstream.name, upstream.breaker, () => probe(upstream), onChange));
    }
  }

  /** The breaker of `upstream` (undefined for an unknown name). */
  of(upstream: string): CircuitBreaker | undefined {
    return this.byName.get(upstream);
  }

  /** Whether `upstream` may be called now (unknown upstreams always may). */
  allows(upstream: string): boolean {
    return this.byName.get(upstream)?.allows() ?? true;
  }

  /**
   * Records an upstream's answer: 502, 503 and 504 count as failures, any other status as success,
   * except a 503 the upstream marks as not committed (a deliberate refusal, e.g. its write fence).
   */
  recordStatus(upstream: string, status: number, refusedNotCommitted = false): void {
    const breaker = this.byName.get(upstream);
    if (!breaker) return;
    if ((status === 502 || status === 503 || status === 504) && !refusedNotCommitted) breaker.failure();
    else breaker.success();
  }

  /** Records a failure without an answer (refused, reset, timed out). */
  recordFailure(upstream: string): void {
    this.byName.get(upstream)?.failure();
  }

  snapshots(): BreakerSnapshot[] {
    return [...this.byName.values()].map((breaker) => breaker.snapshot());
  }

  close(): void {
    for (const breaker of this.byName.values()) breaker.close();
  }
}
