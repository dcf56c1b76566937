import type { SyncHead } from "../contracts";
import type { DataSource } from "typeorm";
import { openOwnConnection } from "./sqlite/own-connection";
import { SqlChangeLog } from "./sqlite/sql-change-log";
import { JetStreamPublisher } from "./nats/jetstream-publisher";
import { Relay } from "./relay/relay";
import type { RelayOptions } from "./relay/relay-options";
import { defaultProgressFile, SqliteRelayProgress } from "./relay/sqlite-relay-progress";

export interface StartRelayOptions extends RelayOptions {
  /** The source database, with capture installed by its migrations (the relay opens its own connection to it). */
  db: DataSource;
  /** NATS server URL. */
  url: string;
  /**
   * The toolkit's own SQLite file where the relay keeps its progress (table `relay_progress`);
   * default: beside the source database file, `<dir>/<name>.sqlite` → `<dir>/<name>.strangler.sqlite`.
   */
  progressFile?: string;
  /** Duplicate window the stream must have (default 2 h): the longest relay outage covered. */
  duplicateWindowMs?: number;
  /** PubAck timeout before a retry (default 5 s). */
  ackTimeoutMs?: number;
  /** Copies of the stream JetStream keeps (NATS_REPLICAS); default: 3 on a cluster of 3 or more servers, else 1. */
  replicas?: number;
}

export interface RunningRelay {
  relay: Relay;
  stream: string;
  /** The file the relay keeps its progress in. */
  progressFile: string;
  /** The source log's head now (`GET /internal/sync/head`, docs/read-your-writes.md). */
  head(): Promise<SyncHead>;
  /** Stops the relay (waits for in-flight publishes), saves its progress and closes its connections. */
  stop(): Promise<void>;
}

/** Wires a source database's change log to its JetStream stream and starts relaying. */
export async function startRelay(options: StartRelayOptions): Promise<RunningRelay> {
  // The relay never waits for the write lock (that would block the process): busy → retry later.
  const own = await openOwnConnection(options.db, 0);
  let progress: SqliteRelayProgress | undefined;
  try {
    const progressFile = options.progressFile ?? defaultProgressFile(options.db);
    const log = await SqlChangeLog.open(own);
    progress = SqliteRelayProgress.open(progressFile, log.source);
    const publisher = await JetStreamPublisher.open({ url: options.url, source: log.source, duplicateWindowMs: options.duplicateWindowMs, ackTimeoutMs: options.ackTimeoutMs, replicas: options.replicas });
    const relay = new Relay(log, publisher, progress, options);
    relay.start();
    const saved = progress;
    return {
      relay,
      stream: publisher.stream,
      progressFile,
      head: async () => ({ source: log.source, stream: publisher.stream, position: await relay.head() }),
      stop: async () => {
        await relay.stop();
        await publisher.close();
        await saved.close();
        if (own.isInitialized) await own.destroy();
      },
    };
  } catch (err) {
    await progress?.close();
    await own.destroy();
    throw err;
  }
}
