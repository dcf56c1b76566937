import { jetstream, jetstreamManager, type ConsumerMessages, type JetStreamManager, type JsMsg } from "@nats-io/jetstream";
import { cdcMessageSchema, heartbeatEventSchema } from "../../contracts";
import { backoffMs, sleep } from "../core/backoff";
import { assertSourceName, heartbeatSubject, streamName } from "../core/naming";
import type { Delivery, Subscription, SubscriptionBacklog } from "../core/ports";
import { ensureConsumer, type DurableConsumerOptions } from "./consumer-setup";
import { connectNats, type NatsConnection } from "./nats-connection";
import { parseJson } from "./payload";
import { clusterFacts, decideReplicas } from "./replicas";
import { ensureStream } from "./stream-setup";

export interface JetStreamSubscriptionOptions extends DurableConsumerOptions {
  /** Invalid payloads are terminated; this is told about each. */
  onInvalid?(subject: string, problem: string): void;
  /** Told when the pull ends unexpectedly; it is re-opened after a pause. */
  onError?(err: unknown): void;
}

/**
 * How long one pull request lives on the server. The client re-pulls when two of the server's idle
 * heartbeats (every half of this) are missed: that is how a pull is found lost, e.g. when the
 * cluster node leading the durable consumer dies. With the client's 30 s default a consumer stood
 * still for 30–45 s after such a kill; at 5 s it pulls again within about 5 s. An idle consumer
 * then sends one small pull request every 5 s.
 */
const PULL_EXPIRES_MS = 5000;

/**
 * Subscription port over a durable JetStream pull consumer with explicit acks. `max_deliver` is
 * unlimited on purpose: JetStream silently drops a message after `max_deliver`, so parking is
 * done by the consumer (ChangeConsumer) before anything could be dropped.
 */
export class JetStreamSubscription implements Subscription {
  private readonly queue: Delivery[] = [];
  private wake: (() => void) | null = null;
  private closed = false;
  private messages: ConsumerMessages | null = null;
  private readonly pump: Promise<void>;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    readonly stream: string,
    private readonly options: JetStreamSubscriptionOptions,
  ) {
    this.pump = this.fill();
    nc.subscribe(heartbeatSubject(options.source), {
      callback: (err, msg) => {
        if (!err) this.enqueue(this.heartbeatDelivery(msg.data));
      },
    });
  }

  /** Connects and creates (or reuses) the durable consumer on the source's stream. */
  static async open(options: JetStreamSubscriptionOptions): Promise<JetStreamSubscription> {
    assertSourceName(options.source);
    const nc = await connectNats(options.url, `cdc-consumer-${options.durable}`);
    try {
      const jsm = await jetstreamManager(nc);
      // Created when the relay has not yet; the relay is the one that requires its replicas.
      await ensureStream(jsm, options.source, { minDuplicateWindowMs: 0 }, decideReplicas(clusterFacts(nc.info), options.replicas));
      await ensureConsumer(jsm, streamName(options.source), options);
      return new JetStreamSubscription(nc, jsm, streamName(options.source), options);
    } catch (err) {
      await nc.close();
      throw err;
    }
  }

  /** Pulls for as long as the subscription is open; re-opens the pull if the server ended it. */
  private async fill(): Promise<void> {
    for (let failures = 0; !this.closed; ) {
      try {
        // After a failure the durable may be gone (deleted, server store lost): recreate it.
        if (failures > 0) await ensureConsumer(this.jsm, this.stream, this.options);
        const consumer = await jetstream(this.nc).consumers.get(this.stream, this.options.durable);
        this.messages = await consumer.consume({ max_messages: 512, expires: PULL_EXPIRES_MS });
        // Closed meanwhile: stop it without waiting here; its close() resolves only once the loop below has ended.
        if (this.closed) void this.messages.close();
        for await (const msg of this.messages) {
          failures = 0;
          this.enqueue(this.toDelivery(msg));
        }
      } catch (err) {
        failures += 1;
        this.options.onError?.(err);
      }
      if (!this.closed) await sleep(backoffMs(failures + 1, 100, 2000));
    }
  }

  private enqueue(delivery: Delivery | null): void {
    if (!delivery) return;
    this.queue.push(delivery);
    this.wake?.();
  }

  async receive(max: number, waitMs: number): Promise<Delivery[]> {
    if (this.queue.length > 0 && this.queue.length < max && !this.closed) {
      // The consumer applied its last batch synchronously (better-sqlite3): messages that arrived
      // meanwhile still wait in the socket. One turn of the event loop reads them, so the batch holds
      // everything that has arrived. Batches of a few dozen changes made a busy consumer pay each
      // commit's overhead, and write the same WAL pages, several times over.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (this.queue.length === 0 && !this.closed) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, waitMs);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.wake = done;
      });
      this.wake = null;
    }
    return this.queue.splice(0, max);
  }

  /** Heartbeats arrive as plain NATS messages: nothing to acknowledge. */
  private heartbeatDelivery(data: Uint8Array): Delivery | null {
    const parsed = heartbeatEventSchema.safeParse(parseJson(data));
    if (!parsed.success) return null;
    return { message: parsed.data, streamSequence: 0, deliveryCount: 1, ack: () => undefined, nak: () => undefined };
  }

  private toDelivery(msg: JsMsg): Delivery | null {
    // Changes, and the relay's position marks (heartbeats stored in the stream).
    const parsed = cdcMessageSchema.safeParse(parseJson(msg.data));
    if (!parsed.success) {
      this.options.onInvalid?.(msg.subject, String(parsed.error));
      msg.term();
      return null;
    }
    return {
      message: parsed.data,
      // Both read from the reply subject only when asked (a wait or a retry): most changes are applied at once.
      get streamSequence() {
        return msg.seq;
      },
      get deliveryCount() {
        return msg.info.deliveryCount;
      },
      ack: () => msg.ack(),
      nak: (delayMs) => msg.nak(delayMs),
    };
  }

  async backlog(): Promise<SubscriptionBacklog> {
    const info = await this.jsm.consumers.info(this.stream, this.options.durable);
    return { pending: info.num_pending, ackPending: info.num_ack_pending, ackFloor: info.ack_floor.stream_seq };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake?.();
    await this.messages?.close().catch(() => undefined);
    await this.pump;
    await this.nc.close();
  }
}
