import type { BreakerConfig } from "../config/schema";

/** closed: requests flow. open: the upstream is skipped until the cool-down ends. half-open: its health is being probed. */
export type BreakerState = "closed" | "open" | "half-open";

/** What the admin API and metrics show of one breaker. */
export interface BreakerSnapshot {
  upstream: string;
  state: BreakerState;
  consecutiveFailures: number;
  /** When the breaker last opened (ISO), null while it never has. */
  openedAt: string | null;
  /** How often it opened since start. */
  opened: number;
}

/**
 * A circuit breaker for one upstream: `failureThreshold` consecutive failures open it; after
 * `coolDownMs` it turns half-open and probes the upstream's health path: 2xx closes it, anything else
 * opens it for another cool-down. Requests are skipped while it is open or half-open.
 */
export class CircuitBreaker {
  private current: BreakerState = "closed";
  private failures = 0;
  private openedAt: string | null = null;
  private opened = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly upstream: string,
    private readonly config: Readonly<BreakerConfig>,
    private readonly probe: () => Promise<boolean>,
    private readonly onChange: (snapshot: BreakerSnapshot) => void = () => undefined,
  ) {}

  /** Whether a request may go to the upstream now. */
  allows(): boolean {
    return this.current === "closed";
  }

  state(): BreakerState {
    return this.current;
  }

  success(): void {
    this.failures = 0;
  }

  failure(): void {
    this.failures += 1;
    if (this.current === "closed" && this.failures >= this.config.failureThreshold) this.open();
  }

  snapshot(): BreakerSnapshot {
    return { upstream: this.upstream, state: this.current, consecutiveFailures: this.failures, openedAt: this.openedAt, opened: this.opened };
  }

  close(): void {
    clearTimeout(this.timer);
  }

  private open(): void {
    this.current = "open";
    this.openedAt = new Date().toISOString();
    this.opened += 1;
    this.onChange(this.snapshot());
    this.timer = setTimeout(() => void this.halfOpen(), this.config.coolDownMs);
    this.timer.unref();
  }

  private async halfOpen(): Promise<void> {
    this.current = "half-open";
    this.onChange(this.snapshot());
    let healthy = false;
    try {
      healthy = await this.probe();
    } catch {
      healthy = false;
    }
    if (this.current !== "half-open") return;
    if (healthy) {
      this.current = "closed";
      this.failures = 0;
      this.onChange(this.snapshot());
    } else this.open();
  }
}
