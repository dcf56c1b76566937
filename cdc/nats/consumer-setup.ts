import { AckPolicy, DeliverPolicy, jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { cdcMessageSchema } from "../../contracts";
import { streamName } from "../core/naming";
import { connectNats } from "./nats-connection";
import { parseJson } from "./payload";

/** What the durable consumer of a target needs to know. */
export interface DurableConsumerOptions {
  url: string;
  source: string;
  durable: string;
  /** Redelivery delay of an unacknowledged message (default 30 s; 1 s in tests). */
  ackWaitMs?: number;
  /** Unacknowledged messages at most (default 20,000: a consumer holds a transaction group unacknowledged until all of it arrived, and a catch-up can have several parts of a large group in flight at once). */
  maxAckPending?: number;
  /**
   * Replicas of the stream when this consumer is the first to create it (NATS_REPLICAS; default:
   * by the cluster, replicas.ts). The durable consumer always has as many replicas as its stream.
   */
  replicas?: number;
}

/**
 * Replicas of a durable consumer: as many as its stream has. Its acknowledgements (what it has
 * handled) are then kept on as many servers as the changes themselves, and survive the same losses.
 */
async function streamReplicas(jsm: JetStreamManager, stream: string): Promise<number> {
  return (await jsm.streams.info(stream)).config.num_replicas || 1;
}

/** Creates the durable pull consumer, or updates its ack wait, limits and replicas when it exists. */
export async function ensureConsumer(jsm: JetStreamManager, stream: string, options: DurableConsumerOptions): Promise<void> {
  const config = {
    durable_name: options.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(options.ackWaitMs ?? 30_000),
    max_deliver: -1,
    max_ack_pending: options.maxAckPending ?? 20_000,
    num_replicas: await streamReplicas(jsm, stream),
  };
  try {
    await jsm.consumers.info(stream, options.durable);
    await jsm.consumers.update(stream, options.durable, { ack_wait: config.ack_wait, max_ack_pending: config.max_ack_pending, max_deliver: -1, num_replicas: config.num_replicas });
  } catch (err) {
    if (!/consumer not found/i.test(String(err))) throw err;
    await jsm.consumers.add(stream, config);
  }
}

/**
 * Re-points a durable consumer so it delivers again from the first message whose change position
 * is `position` or later (the stream is searched by sequence; positions grow with sequences up to
 * the relay's in-flight bound, so the search starts `margin` messages earlier to be safe).
 */
export async function resetConsumerToPosition(options: DurableConsumerOptions & { position: number; margin?: number }): Promise<void> {
  const nc = await connectNats(options.url, `cdc-reset-${options.durable}`);
  try {
    const jsm = await jetstreamManager(nc);
    const stream = streamName(options.source);
    const state = (await jsm.streams.info(stream)).state;
    let low = state.first_seq;
    let high = state.last_seq + 1;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      const position = await positionAt(jsm, stream, middle);
      if (position === null || position < options.position) low = middle + 1;
      else high = middle;
    }
    const start = Math.max(state.first_seq, low - (options.margin ?? 4096));
    await jsm.consumers.delete(stream, options.durable).catch(() => false);
    await jsm.consumers.add(stream, {
      durable_name: options.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: Math.max(start, 1),
      ack_wait: nanos(options.ackWaitMs ?? 30_000),
      max_deliver: -1,
      max_ack_pending: options.maxAckPending ?? 20_000,
      num_replicas: await streamReplicas(jsm, stream),
    });
  } finally {
    await nc.close();
  }
}

async function positionAt(jsm: JetStreamManager, stream: string, seq: number): Promise<number | null> {
  const stored = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
  if (!stored) return null;
  const parsed = cdcMessageSchema.safeParse(parseJson(stored.data));
  if (!parsed.success) return null;
  // A position mark stands for what it covers: every change at or below it lies before it.
  if (parsed.data.kind === "heartbeat") return parsed.data.publishedThrough ?? null;
  return parsed.data.position;
}
