import type { DataSource } from "typeorm";
import { safeError } from "../platform";
import { openOwnConnection } from "./sqlite/own-connection";
import { ChangeConsumer } from "./consumer/change-consumer";
import type { ConsumerOptions } from "./consumer/consumer-options";
import type { Mapping } from "./consumer/mapping";
import { SqlTargetStore } from "./consumer/sql-target-store";
import { WalCheckpointer } from "./consumer/wal-checkpointer";
import { resetConsumerToPosition } from "./nats/consumer-setup";
import { JetStreamSubscription } from "./nats/jetstream-subscription";

export interface StartConsumerOptions extends ConsumerOptions {
  /** The target database (its migrations ran installConsumerTablesV1); the consumer opens its own connection to it. */
  db: DataSource;
  url: string;
  /** Source database whose stream is followed, e.g. "monolith". */
  source: string;
  /** Durable consumer name, unique per target and source, e.g. "catalog-from-monolith". */
  durable: string;
  mapping: Mapping;
  /** Redelivery delay of an unacknowledged message (default 30 s). */
  ackWaitMs?: number;
  /**
   * Replicas of the source's stream when this consumer is the first to create it, before its relay
   * has (NATS_REPLICAS; default: by the cluster, cdc/nats/replicas.ts). The durable consumer always
   * has as many replicas as its stream.
   */
  replicas?: number;
  /** The target's own database name: changes that came from it are recorded, never applied back. */
  ownOrigin?: string;
  /** True when the target has capture installed itself (two-way sync). */
  targetHasCapture?: boolean;
  /** Tables one side owns at a time: applied only while the target's write fence is on for them (see SqlTargetStoreOptions). */
  ownedTables?: readonly string[];
  /** Keep an apply journal in the target (`_strangler_apply_journal`, docs/cdc.md). */
  journal?: boolean;
  /**
   * SQLite target: the consumer's own connection checkpoints the WAL only once it holds this many
   * pages (SQLite's default, 1000, when unset). A batch rewrites a few hundred pages scattered over
   * the mapped tables and the stored positions; checkpointing every 1000 pages wrote the same hot
   * pages back and synced the file every few batches, which took most of a batch's time. A larger
   * value writes each page back once per checkpoint and syncs rarely, for a larger WAL file (4 KB a
   * page). Leave it unset when the target is a legacy application's file: its own commits would then
   * do the checkpoints of the consumer's writes.
   */
  walAutocheckpointPages?: number;
  /**
   * SQLite target file: checkpoint its WAL every this many ms on a worker thread with a connection of
   * its own (WalCheckpointer), so the consumer's commits rarely do it themselves: a checkpoint inside
   * a commit holds up every change behind it. Set `walAutocheckpointPages` beside it as the backstop.
   * Off when unset.
   */
  walCheckpointEveryMs?: number;
}

export interface RunningConsumer {
  consumer: ChangeConsumer;
  stop(): Promise<void>;
}

/** Wires a durable subscription to the target database through the mapping and starts consuming. */
export async function startConsumer(options: StartConsumerOptions): Promise<RunningConsumer> {
  const own = await openOwnConnection(options.db, 50, { walAutocheckpointPages: options.walAutocheckpointPages });
  const database = (own.options as { database?: unknown }).database;
  const checkpointer =
    options.walCheckpointEveryMs !== undefined && own.options.type === "better-sqlite3" && typeof database === "string"
      ? WalCheckpointer.start({
          file: database,
          everyMs: options.walCheckpointEveryMs,
          onFailure: (message, failures) => options.logger?.warn("WAL checkpoint failed (the consumer's commits checkpoint instead)", { durable: options.durable, failures, err: message }),
        })
      : null;
  try {
    const target = new SqlTargetStore({
      db: own,
      consumer: options.durable,
      source: options.source,
      mapping: options.mapping,
      ownOrigin: options.ownOrigin,
      targetHasCapture: options.targetHasCapture,
      ownedTables: options.ownedTables,
      journal: options.journal,
    });
    await target.startPosition();
    const subscription = await JetStreamSubscription.open({
      url: options.url,
      source: options.source,
      durable: options.durable,
      ackWaitMs: options.ackWaitMs,
      replicas: options.replicas,
      onInvalid: (subject, problem) => options.logger?.error("invalid change message terminated", { subject, problem }),
      onError: (err) => options.logger?.warn("pull ended, re-opening", { durable: options.durable, err: safeError(err) }),
    });
    // Samples carry the durable name beside the stream: two consumers of one stream (or both directions) stay apart.
    // A waiting change is held well within the ack wait, so the broker never redelivers it meanwhile.
    const holdWaitingMs = options.holdWaitingMs ?? Math.min(5000, Math.floor((options.ackWaitMs ?? 30_000) / 3));
    const consumer = new ChangeConsumer(subscription, target, { ...options, holdWaitingMs, metrics: options.metrics?.forConsumer(options.durable) });
    consumer.start();
    return {
      consumer,
      stop: async () => {
        await consumer.stop();
        await checkpointer?.stop();
        if (own.isInitialized) await own.destroy();
      },
    };
  } catch (err) {
    await checkpointer?.stop();
    await own.destroy();
    throw err;
  }
}

/**
 * Replay from a position: the durable consumer is re-pointed so changes from `position` on are
 * delivered again, and changes below it are ignored from now on. Already applied changes are
 * still skipped by their stored positions, so this is safe to run on a live target; on a target
 * restored from a backup (or a new one) it re-applies what the target lacks. Stop the consumer first.
 */
export async function replayFromPosition(options: Omit<StartConsumerOptions, "mapping"> & { position: number }): Promise<void> {
  const target = new SqlTargetStore({ db: options.db, consumer: options.durable, source: options.source, mapping: {} });
  await resetConsumerToPosition({ url: options.url, source: options.source, durable: options.durable, ackWaitMs: options.ackWaitMs, position: options.position });
  await target.setStartPosition(options.position);
}
