import { jetstreamManager } from "@nats-io/jetstream";
import { createInbox, headers, type Msg } from "@nats-io/transport-node";
import type { ChangeEvent, HeartbeatEvent } from "../../contracts";
import { assertSourceName, changeSubject, heartbeatSubject, markSubject } from "../core/naming";
import type { PublishAck, Publisher } from "../core/ports";
import { connectNats, type NatsConnection } from "./nats-connection";
import { clusterFacts, decideReplicas } from "./replicas";
import { DEFAULT_DUPLICATE_WINDOW_MS, ensureStream } from "./stream-setup";

export interface JetStreamPublisherOptions {
  url: string;
  source: string;
  /** Duplicate window of the stream; must cover the longest relay outage (default 2 h). */
  duplicateWindowMs?: number;
  /** Time to wait for one PubAck before the relay retries (default 5 s). */
  ackTimeoutMs?: number;
  /**
   * Copies of the stream JetStream keeps (NATS_REPLICAS): it is created with them and must have at
   * least as many. Default: by the cluster the server reports, 3 on 3 or more servers, else 1 (replicas.ts).
   */
  replicas?: number;
}

/** The `Nats-Msg-Id` header: JetStream stores a message id once within the stream's duplicate window. */
const MSG_ID_HEADER = "Nats-Msg-Id";

/** A publish whose PubAck has not come back yet. */
interface Pending {
  resolve(ack: PublishAck): void;
  reject(err: Error): void;
  /** When it gives up waiting (ms since the epoch). */
  deadline: number;
}

/** What JetStream answers a publish with (its PubAck), or the error it refused it with. */
interface PubAckBody {
  stream?: string;
  seq?: number;
  duplicate?: boolean;
  error?: { code?: number; err_code?: number; description?: string };
}

/**
 * Publisher port over JetStream: one stream per source, `Nats-Msg-Id` = the change id, so a
 * change re-sent after a crash inside the duplicate window is stored once.
 *
 * A publish is what the JetStream client's `publish` does — a message with the id header and a
 * reply subject, the stream's PubAck parsed when it comes back, an error after `ackTimeoutMs` — but
 * with every PubAck coming back on one wildcard subscription of this publisher's own inbox, told
 * apart by the reply subject's last token, and the deadlines checked by one timer. The client's
 * request path gives each publish its own timer, and builds a stack-traced error object on every
 * *successful* request as well (its `cancel()` after the resolve): a tenth of the relay's CPU.
 */
export class JetStreamPublisher implements Publisher {
  private readonly pending = new Map<string, Pending>();
  private next = 0;
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly source: string,
    private readonly ackTimeoutMs: number,
    readonly stream: string,
    private readonly inbox: string,
  ) {
    this.sweeper = setInterval(() => this.expire(), Math.min(250, ackTimeoutMs));
    this.sweeper.unref();
  }

  /** Connects, creates the source's stream when missing, and checks its settings. */
  static async open(options: JetStreamPublisherOptions): Promise<JetStreamPublisher> {
    assertSourceName(options.source);
    const nc = await connectNats(options.url, `cdc-relay-${options.source}`);
    try {
      const replicas = decideReplicas(clusterFacts(nc.info), options.replicas);
      const stream = await ensureStream(await jetstreamManager(nc), options.source, { minDuplicateWindowMs: options.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS, minReplicas: replicas }, replicas);
      const inbox = createInbox();
      const publisher = new JetStreamPublisher(nc, options.source, options.ackTimeoutMs ?? 5000, stream, inbox);
      // Subscribed before the first publish on the same connection: the server has it before any PubAck is due.
      nc.subscribe(`${inbox}.*`, { callback: (err, msg) => publisher.onAck(err, msg) });
      return publisher;
    } catch (err) {
      await nc.close();
      throw err;
    }
  }

  publish(event: ChangeEvent): Promise<PublishAck> {
    if (this.closed) return Promise.reject(new Error("the publisher is closed"));
    const token = (this.next++).toString(36);
    const header = headers();
    // The group is part of the dedupe id: a relay that restarts inside a group publishes the same
    // group (its copies are dropped here), but one that lost its progress cuts new groups, and their
    // copies of changes sent before must reach consumers, or those groups would never be whole.
    header.set(MSG_ID_HEADER, event.tx ? `${event.id}@${event.tx.id}` : event.id);
    return new Promise<PublishAck>((resolve, reject) => {
      this.pending.set(token, { resolve, reject, deadline: Date.now() + this.ackTimeoutMs });
      try {
        this.nc.publish(changeSubject(this.source, event.table, event.key), JSON.stringify(event), { reply: `${this.inbox}.${token}`, headers: header });
      } catch (err) {
        this.pending.delete(token);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  private onAck(err: Error | null, msg: Msg): void {
    const token = msg?.subject.slice(this.inbox.length + 1);
    const pending = token === undefined ? undefined : this.pending.get(token);
    if (!pending) return; // timed out already (the relay sent it again) or not ours
    this.pending.delete(token!);
    if (err) return pending.reject(err);
    // No stream listens on the subject (JetStream off, the stream deleted): the server answers 503 without a body.
    if (msg.data.length === 0 && msg.headers?.code === 503) return pending.reject(new Error(`no JetStream stream answered the publish to ${msg.subject} (503 no responders)`));
    let body: PubAckBody;
    try {
      body = JSON.parse(msg.string()) as PubAckBody;
    } catch {
      return pending.reject(new Error("invalid PubAck: not JSON"));
    }
    if (body.error) return pending.reject(new Error(`JetStream refused the publish: ${body.error.description ?? "error"} (${body.error.code ?? "?"}/${body.error.err_code ?? "?"})`));
    if (!body.stream || typeof body.seq !== "number") return pending.reject(new Error("invalid PubAck: no stream or sequence"));
    pending.resolve({ duplicate: body.duplicate === true, streamSequence: body.seq });
  }

  /** Publishes whose PubAck did not come in time fail; the relay sends them again (same id: stored once). */
  private expire(now = Date.now()): void {
    for (const [token, pending] of this.pending) {
      if (pending.deadline > now) continue;
      this.pending.delete(token);
      pending.reject(new Error(`no PubAck within ${this.ackTimeoutMs} ms`));
    }
  }

  async heartbeat(event: HeartbeatEvent): Promise<void> {
    this.nc.publish(heartbeatSubject(this.source), JSON.stringify(event));
  }

  /**
   * On the same connection as the publishes, after their PubAcks came back: the server stores it
   * after each of them. No PubAck is awaited (a lost mark only delays the next proof).
   */
  async mark(event: HeartbeatEvent): Promise<void> {
    this.nc.publish(markSubject(this.source), JSON.stringify(event));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    await this.nc.drain().catch(() => this.nc.close());
    for (const pending of this.pending.values()) pending.reject(new Error("the publisher is closed"));
    this.pending.clear();
  }
}
