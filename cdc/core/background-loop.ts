/**
 * A long-running loop with a start/stop lifecycle (the relay and the consumer). `run()` checks
 * `stopping` between steps and finishes its in-flight work before it returns; it sets `running`
 * to false on its way out.
 */
export abstract class BackgroundLoop {
  protected running = false;
  protected stopping = false;
  private loop: Promise<void> | null = null;

  protected abstract run(): Promise<void>;

  /** Starts the loop and returns at once; `done()` settles when it stops (rejects after a crash). */
  start(): void {
    if (this.loop) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Settles when the loop has stopped; rejects with the reason if it crashed. */
  done(): Promise<void> {
    return this.loop ?? Promise.resolve();
  }

  /** Asks the loop to stop and waits until it has finished its in-flight work. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop?.catch(() => undefined);
  }
}
