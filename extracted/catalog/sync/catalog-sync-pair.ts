import type { DataSource } from "typeorm";
import type { ConsumerStatus, ParkedChange, ParkedFilter, ReplayResult, RunningConsumer } from "../../../cdc";
import type { Logger } from "../../../platform";
import { startReverseSync, type RunningReverseSync, type StartReverseSyncOptions } from "./reverse";
import { startCatalogSync } from "./start-sync";

/** Both sync directions of the catalog, as the catalog service runs them. */
export interface CatalogSyncPair {
  forward: RunningConsumer;
  reverse: RunningReverseSync;
  /** Each consumer's status: `CDC_MONOLITH` (monolith → catalog) and `CDC_CATALOG` (catalog → monolith). */
  status(): Promise<ConsumerStatus[]>;
  /** The parked changes of both consumers, and their replay (each consumer replays its own, in order). */
  listParked(filter?: ParkedFilter): Promise<ParkedChange[]>;
  replayParked(filter?: ParkedFilter): Promise<ReplayResult>;
  stop(): Promise<void>;
}

export interface StartCatalogSyncPairOptions {
  /** The catalog database (migrated). */
  catalog: DataSource;
  /** The monolith's database, opened with `openMonolithTarget`: the reverse consumer writes it on its own connection. */
  monolith: DataSource;
  natsUrl: string;
  logger?: Logger;
  /** Redelivery delay and retries of the reverse consumer (see startReverseSync); tests shorten them. */
  reverse?: Pick<StartReverseSyncOptions, "ackWaitMs" | "retries">;
  /** Keep an apply journal of both consumers (docs/cdc.md). */
  journal?: boolean;
}

/**
 * Starts the catalog's whole sync in one process: the consumer of the monolith's stream into the
 * catalog, and the reverse sync (the catalog's relay and the consumer into the monolith). One
 * process holds both, so one status endpoint and one parked list show both directions.
 */
export async function startCatalogSyncPair(options: StartCatalogSyncPairOptions): Promise<CatalogSyncPair> {
  const forward = await startCatalogSync({ db: options.catalog, natsUrl: options.natsUrl, logger: options.logger, journal: options.journal });
  let reverse: RunningReverseSync;
  try {
    reverse = await startReverseSync({ catalog: options.catalog, monolith: options.monolith, natsUrl: options.natsUrl, logger: options.logger, journal: options.journal, ...options.reverse });
  } catch (err) {
    await forward.stop();
    throw err;
  }
  const consumers = [forward.consumer, reverse.consumer.consumer];
  return {
    forward,
    reverse,
    status: () => Promise.all(consumers.map((consumer) => consumer.status())),
    listParked: async (filter) => (await Promise.all(consumers.map((consumer) => consumer.listParked(filter)))).flat(),
    replayParked: async (filter) => {
      const results = await Promise.all(consumers.map((consumer) => consumer.replayParked(filter)));
      return results.reduce((sum, result) => ({ replayed: sum.replayed + result.replayed, stillParked: sum.stillParked + result.stillParked }), { replayed: 0, stillParked: 0 });
    },
    stop: async () => {
      await reverse.stop();
      await forward.stop();
    },
  };
}
