import type { ChangeEvent, HeartbeatEvent } from "../../contracts";
import type { PublishAck, Publisher } from "../core/ports";

/**
 * In-memory Publisher with a broker's duplicate detection. `failNext` makes the next publishes
 * reject; `ackDelayMs` delays each acknowledgement by a chosen time, so acks come back out of
 * order as they do from a real broker under retries.
 */
export class FakePublisher implements Publisher {
  /** Stored messages in broker order (each id once). */
  readonly stored: ChangeEvent[] = [];
  readonly heartbeats: HeartbeatEvent[] = [];
  /** Position marks, each with the number of changes stored before it. */
  readonly marks: Array<{ event: HeartbeatEvent; storedBefore: number }> = [];
  /** Largest number of publishes that were in flight at once, per row. */
  readonly inFlight = new Map<string, number>();
  maxInFlightPerRow = 0;
  private failures = 0;

  constructor(private readonly ackDelayMs: (event: ChangeEvent) => number = () => 0) {}

  failNext(count: number): void {
    this.failures += count;
  }

  async publish(event: ChangeEvent): Promise<PublishAck> {
    const row = `${event.table} ${JSON.stringify(event.key)}`;
    this.inFlight.set(row, (this.inFlight.get(row) ?? 0) + 1);
    this.maxInFlightPerRow = Math.max(this.maxInFlightPerRow, this.inFlight.get(row) ?? 0);
    try {
      await new Promise((resolve) => setTimeout(resolve, this.ackDelayMs(event)));
      if (this.failures > 0) {
        this.failures -= 1;
        throw new Error("simulated publish timeout");
      }
      const existing = this.stored.findIndex((stored) => stored.id === event.id);
      if (existing >= 0) return { duplicate: true, streamSequence: existing + 1 };
      this.stored.push(event);
      return { duplicate: false, streamSequence: this.stored.length };
    } finally {
      this.inFlight.set(row, (this.inFlight.get(row) ?? 1) - 1);
    }
  }

  async heartbeat(event: HeartbeatEvent): Promise<void> {
    this.heartbeats.push(event);
  }

  async mark(event: HeartbeatEvent): Promise<void> {
    this.marks.push({ event, storedBefore: this.stored.length });
  }

  async close(): Promise<void> {}
}
