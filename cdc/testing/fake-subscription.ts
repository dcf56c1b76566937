import type { CdcMessage } from "../../contracts";
import type { Delivery, Subscription, SubscriptionBacklog } from "../core/ports";

interface Entry {
  message: CdcMessage;
  seq: number;
  deliveries: number;
  availableAt: number;
  state: "ready" | "delivered" | "acked";
}

/**
 * In-memory Subscription with JetStream's delivery rules: a nak'ed message comes back after its
 * delay; `deliverOutOfOrder` hands messages out newest first, to play redelivery races.
 */
export class FakeSubscription implements Subscription {
  readonly stream = "CDC_FAKE";
  private readonly entries: Entry[] = [];
  deliverOutOfOrder = false;

  push(message: CdcMessage): void {
    this.entries.push({ message, seq: this.entries.length + 1, deliveries: 0, availableAt: 0, state: "ready" });
  }

  /** How often the message at stream sequence `seq` (1-based, push order) was delivered. */
  deliveriesOf(seq: number): number {
    return this.entries[seq - 1]?.deliveries ?? 0;
  }

  get unacked(): number {
    return this.entries.filter((entry) => entry.state !== "acked").length;
  }

  async receive(max: number, waitMs: number): Promise<Delivery[]> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      let ready = this.entries.filter((entry) => entry.state === "ready" && entry.availableAt <= Date.now());
      if (this.deliverOutOfOrder) ready = ready.reverse();
      if (ready.length > 0 || Date.now() >= deadline) return ready.slice(0, max).map((entry) => this.deliver(entry));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  private deliver(entry: Entry): Delivery {
    entry.state = "delivered";
    entry.deliveries += 1;
    return {
      message: entry.message,
      streamSequence: entry.seq,
      deliveryCount: entry.deliveries,
      ack: () => {
        entry.state = "acked";
      },
      nak: (delayMs) => {
        entry.state = "ready";
        entry.availableAt = Date.now() + delayMs;
      },
    };
  }

  async backlog(): Promise<SubscriptionBacklog> {
    return {
      pending: this.entries.filter((entry) => entry.state === "ready").length,
      ackPending: this.entries.filter((entry) => entry.state === "delivered").length,
    };
  }

  async close(): Promise<void> {}
}
