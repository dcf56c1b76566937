import type { Delivery } from "../core/ports";

interface Held {
  /** One change, or every change of a source transaction group (held and released together). */
  deliveries: Delivery[];
  /** When it goes back to the broker if its row has not moved on. */
  until: number;
}

/**
 * Changes that wait for their row's previous change, held in memory (neither acknowledged nor sent
 * back) so that they are applied the moment a change of their row is taken, instead of after a
 * redelivery delay. Without it a row written faster than that delay falls further behind once a
 * redelivery puts one of its changes late (the next waits up to the delay, the one after it again):
 * after a consumer restart, a hot row lagged 15 s and grew. A held change whose time is up (its
 * predecessor is far away, e.g. still within the broker's ack wait) goes back to the broker with a
 * delay as before; so do all held ones when the consumer stops. Bounded by `maxHeld`.
 */
export class WaitingRoom {
  private readonly rows = new Map<string, Held[]>();
  private count = 0;

  constructor(private readonly options: { maxHeld: number }) {}

  get size(): number {
    return this.count;
  }

  /**
   * Holds a waiting change of `row` (or a whole group that waits for `row`) until `until` (ms since
   * the epoch); false when the room is full (send it back instead).
   */
  hold(row: string, delivery: Delivery | readonly Delivery[], until: number): boolean {
    const deliveries = Array.isArray(delivery) ? [...delivery] : [delivery as Delivery];
    if (this.count >= this.options.maxHeld) return false;
    const held = this.rows.get(row) ?? [];
    held.push({ deliveries, until });
    this.rows.set(row, held);
    this.count += deliveries.length;
    return true;
  }

  /** The held changes of rows that just moved on (a change of theirs was taken), to apply again now. */
  release(rows: Iterable<string>): Delivery[] {
    const released: Delivery[] = [];
    for (const row of rows) {
      const held = this.rows.get(row);
      if (!held) continue;
      this.rows.delete(row);
      for (const entry of held) {
        this.count -= entry.deliveries.length;
        released.push(...entry.deliveries);
      }
    }
    return released;
  }

  /** Held changes whose time is up: their predecessor is not coming soon. */
  expired(now = Date.now()): Delivery[] {
    const out: Delivery[] = [];
    for (const [row, held] of this.rows) {
      const keep = held.filter((entry) => now < entry.until);
      if (keep.length === held.length) continue;
      for (const entry of held.filter((entry) => now >= entry.until)) {
        out.push(...entry.deliveries);
        this.count -= entry.deliveries.length;
      }
      if (keep.length === 0) this.rows.delete(row);
      else this.rows.set(row, keep);
    }
    return out;
  }

  /** Everything held (the consumer stops). */
  drain(): Delivery[] {
    const out = [...this.rows.values()].flat().flatMap((entry) => entry.deliveries);
    this.rows.clear();
    this.count = 0;
    return out;
  }
}
