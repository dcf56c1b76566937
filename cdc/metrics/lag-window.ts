/** The most recent lag samples (ms), for percentiles in status calls and benchmarks. */
export class LagWindow {
  private readonly samples: number[] = [];
  private next = 0;

  constructor(private readonly capacity = 10_000) {}

  add(ms: number): void {
    if (this.samples.length < this.capacity) this.samples.push(ms);
    else this.samples[this.next] = ms;
    this.next = (this.next + 1) % this.capacity;
  }

  get count(): number {
    return this.samples.length;
  }

  /** Percentile (0..100) by nearest rank, or null without samples. */
  percentile(p: number): number | null {
    if (this.samples.length === 0) return null;
    const sorted = [...this.samples].sort((a, b) => a - b);
    const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return sorted[rank];
  }

  clear(): void {
    this.samples.length = 0;
    this.next = 0;
  }
}
