import type { Registry } from "prom-client";
import type { DataSource } from "typeorm";
import type { ConsumerStatus, DiscardAudit, DiscardResult, ParkedChange, ParkedFilter, ReplayResult, RunningConsumer } from "../../cdc";
import type { SyncHead } from "../../contracts";
import type { Logger } from "../../platform";
import type { ServiceSync } from "./service-sync";
import { startForwardSync } from "./start-forward-sync";
import { startReverseSync, type RunningReverseSync, type StartReverseSyncOptions } from "./start-reverse-sync";

/** Both sync directions of a service, as the service runs them. */
export interface SyncPair {
  forward: RunningConsumer;
  reverse: RunningReverseSync;
  /** Each consumer's status: `CDC_MONOLITH` (monolith → service) and `CDC_<SERVICE>` (service → monolith). */
  status(): Promise<ConsumerStatus[]>;
  /** The head of the service's own change log (`CDC_<SERVICE>`), what its relay publishes from. */
  head(): Promise<SyncHead>;
  /** The parked changes of both consumers, and their replay (each consumer replays its own, in order). */
  listParked(filter?: ParkedFilter): Promise<ParkedChange[]>;
  replayParked(filter?: ParkedFilter): Promise<ReplayResult>;
  /**
   * Drops a row's parked changes for good in each consumer that has some (`filter.source` narrows to
   * one direction), audited in that consumer's target database; `stillParked` counts both consumers.
   */
  discardParked(filter: ParkedFilter & { key: string }, audit: DiscardAudit): Promise<DiscardResult>;
  stop(): Promise<void>;
}

export interface StartSyncPairOptions {
  /** The service's database (migrated). */
  db: DataSource;
  /** The monolith's database, opened with `openMonolithTarget`: the reverse consumer writes it on its own connection. */
  monolith: DataSource;
  natsUrl: string;
  logger?: Logger;
  /** Redelivery delay and retries of the reverse consumer (see startReverseSync); tests shorten them. */
  reverse?: Pick<StartReverseSyncOptions, "ackWaitMs" | "retries">;
  /** Keep an apply journal of both consumers (docs/cdc.md). */
  journal?: boolean;
  /** One registry for both consumers' and the service relay's `cdc_*` metrics (told apart by `stream` and `consumer`). */
  metrics?: Registry;
  /** The service relay's progress file (see StartReverseSyncOptions). */
  relayProgressFile?: string;
  /** NATS_REPLICAS: replicas of the streams either direction creates (`CDC_<SERVICE>`, and `CDC_MONOLITH` before its relay); default: by the cluster. */
  replicas?: number;
}

/**
 * Starts a service's whole sync in one process: the consumer of the monolith's stream into the
 * service, and the reverse sync (the service's relay and the consumer into the monolith). One
 * process holds both, so one status endpoint and one parked list show both directions.
 */
export async function startSyncPair(sync: ServiceSync, options: StartSyncPairOptions): Promise<SyncPair> {
  const forward = await startForwardSync(sync, { db: options.db, natsUrl: options.natsUrl, logger: options.logger, journal: options.journal, metrics: options.metrics, replicas: options.replicas });
  let reverse: RunningReverseSync;
  try {
    reverse = await startReverseSync(sync, {
      db: options.db,
      monolith: options.monolith,
      natsUrl: options.natsUrl,
      logger: options.logger,
      journal: options.journal,
      metrics: options.metrics,
      relayProgressFile: options.relayProgressFile,
      replicas: options.replicas,
      ...options.reverse,
    });
  } catch (err) {
    await forward.stop();
    throw err;
  }
  const consumers = [forward.consumer, reverse.consumer.consumer];
  return {
    forward,
    reverse,
    status: () => Promise.all(consumers.map((consumer) => consumer.status())),
    head: () => reverse.relay.head(),
    listParked: async (filter) => (await Promise.all(consumers.map((consumer) => consumer.listParked(filter)))).flat(),
    replayParked: async (filter) => {
      const results = await Promise.all(consumers.map((consumer) => consumer.replayParked(filter)));
      return results.reduce((sum, result) => ({ replayed: sum.replayed + result.replayed, stillParked: sum.stillParked + result.stillParked }), { replayed: 0, stillParked: 0 });
    },
    discardParked: async (filter, audit) => {
      // One consumer after the other: each discards in its own target database's transaction.
      const results: DiscardResult[] = [];
      for (const consumer of consumers) results.push(await consumer.discardParked(filter, audit));
      return results.reduce((sum, result) => ({ discarded: sum.discarded + result.discarded, stillParked: sum.stillParked + result.stillParked }), { discarded: 0, stillParked: 0 });
    },
    stop: async () => {
      await reverse.stop();
      await forward.stop();
    },
  };
}
