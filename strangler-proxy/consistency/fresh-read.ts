/**
 * Coalesces reads of one remote value while guaranteeing freshness: `read()` resolves with the
 * result of a fetch that STARTED at or after the call. Callers arriving while a fetch is in flight
 * share the next one, so a burst of N callers costs at most two fetches.
 */
export class FreshRead<T> {
  private inFlight: Promise<T> | null = null;
  private next: Promise<T> | null = null;

  constructor(private readonly fetch: () => Promise<T>) {}

  read(): Promise<T> {
    if (!this.inFlight) return this.start();
    this.next ??= this.inFlight
      .catch(() => undefined)
      .then(() => {
        this.next = null;
        return this.start();
      });
    return this.next;
  }

  private start(): Promise<T> {
    const started: Promise<T> = this.fetch().finally(() => {
      if (this.inFlight === started) this.inFlight = null;
    });
    this.inFlight = started;
    return started;
  }
}
