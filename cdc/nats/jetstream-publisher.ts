import { jetstream, jetstreamManager, type JetStreamClient } from "@nats-io/jetstream";
import type { ChangeEvent, HeartbeatEvent } from "../../contracts";
import { assertSourceName, changeSubject, heartbeatSubject } from "../core/naming";
import type { PublishAck, Publisher } from "../core/ports";
import { connectNats, type NatsConnection } from "./nats-connection";
import { DEFAULT_DUPLICATE_WINDOW_MS, ensureStream } from "./stream-setup";

export interface JetStreamPublisherOptions {
  url: string;
  source: string;
  /** Duplicate window of the stream; must cover the longest relay outage (default 2 h). */
  duplicateWindowMs?: number;
  /** Time to wait for one PubAck before the relay retries (default 5 s). */
  ackTimeoutMs?: number;
}

/**
 * Publisher port over JetStream: one stream per source, `Nats-Msg-Id` = the change id, so a
 * change re-sent after a crash inside the duplicate window is stored once.
 */
export class JetStreamPublisher implements Publisher {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly source: string,
    private readonly ackTimeoutMs: number,
    readonly stream: string,
  ) {}

  /** Connects, creates the source's stream when missing, and checks its settings. */
  static async open(options: JetStreamPublisherOptions): Promise<JetStreamPublisher> {
    assertSourceName(options.source);
    const nc = await connectNats(options.url, `cdc-relay-${options.source}`);
    try {
      const stream = await ensureStream(await jetstreamManager(nc), options.source, { minDuplicateWindowMs: options.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS });
      return new JetStreamPublisher(nc, jetstream(nc), options.source, options.ackTimeoutMs ?? 5000, stream);
    } catch (err) {
      await nc.close();
      throw err;
    }
  }

  async publish(event: ChangeEvent): Promise<PublishAck> {
    const ack = await this.js.publish(changeSubject(this.source, event.table, event.key), JSON.stringify(event), { msgID: event.id, timeout: this.ackTimeoutMs });
    return { duplicate: ack.duplicate, streamSequence: ack.seq };
  }

  async heartbeat(event: HeartbeatEvent): Promise<void> {
    this.nc.publish(heartbeatSubject(this.source), JSON.stringify(event));
  }

  async close(): Promise<void> {
    await this.nc.drain().catch(() => this.nc.close());
  }
}
