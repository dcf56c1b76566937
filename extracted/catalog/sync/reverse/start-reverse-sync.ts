import type { Registry } from "prom-client";
import type { DataSource } from "typeorm";
import { ConsumerMetrics, RelayMetrics, startConsumer, startRelay, type ConsumerOptions, type Mapping, type RunningConsumer, type RunningRelay } from "../../../../cdc";
import type { Logger } from "../../../../platform";
import { MONOLITH_ORIGIN, REVERSE_DURABLE, REVERSE_SOURCE } from "./reverse-names";
import { reverseMapping } from "./reverse-mapping";
import { MOVED_TABLES } from "../write-group";

export interface StartReverseSyncOptions {
  /** The catalog database (migrated, capture installed): its change log is relayed to `CDC_CATALOG`. */
  catalog: DataSource;
  /** The monolith database, opened with `openMonolithTarget` (consumer tables migrated). */
  monolith: DataSource;
  natsUrl: string;
  logger?: Logger;
  /** Redelivery delay of the consumer (default 30 s); tests lower it. */
  ackWaitMs?: number;
  /** The mapping (default `reverseMapping`); tests wrap it to record what is applied. */
  mapping?: Mapping;
  /** Retries before a change is parked (defaults: 8 attempts, 200 ms up to 10 s); tests shorten them. */
  retries?: Pick<ConsumerOptions, "maxAttempts" | "retryBaseMs" | "retryMaxMs">;
  /** Keep an apply journal in the monolith's database (docs/cdc.md; off by default: no extra write to the legacy file). */
  journal?: boolean;
  /** Record the relay's and the consumer's `cdc_*` metrics in this registry (what the catalog's `GET /metrics` serves). */
  metrics?: Registry;
}

/** The running reverse sync: the catalog's relay and the consumer into the monolith. */
export interface RunningReverseSync {
  relay: RunningRelay;
  consumer: RunningConsumer;
  stop(): Promise<void>;
}

/**
 * Starts the reverse sync (catalog → monolith): the relay of the catalog's change log and the
 * durable consumer `monolith-from-catalog`. The catalog logs only its own writes (capture v2), so
 * nothing the monolith wrote comes back; the consumer's own writes are captured by the monolith
 * with origin `catalog`, so the forward consumer records them in turn (no ping-pong). It applies
 * only while the catalog owns the moved tables; a catalog change arriving otherwise is parked.
 */
export async function startReverseSync(options: StartReverseSyncOptions): Promise<RunningReverseSync> {
  const relay = await startRelay({ db: options.catalog, url: options.natsUrl, logger: options.logger, metrics: options.metrics ? new RelayMetrics(options.metrics) : undefined });
  try {
    const consumer = await startConsumer({
      db: options.monolith,
      url: options.natsUrl,
      source: REVERSE_SOURCE,
      durable: REVERSE_DURABLE,
      mapping: options.mapping ?? reverseMapping,
      ownOrigin: MONOLITH_ORIGIN,
      targetHasCapture: true,
      // Catalog changes are applied only while the catalog owns the tables (the monolith's fence is on); otherwise parked.
      ownedTables: MOVED_TABLES,
      journal: options.journal,
      // Short transactions on the legacy file: the write lock is held for a few changes at a time.
      batchSize: 16,
      logger: options.logger,
      metrics: options.metrics ? new ConsumerMetrics(options.metrics) : undefined,
      ackWaitMs: options.ackWaitMs,
      ...options.retries,
    });
    return {
      relay,
      consumer,
      stop: async () => {
        await consumer.stop();
        await relay.stop();
      },
    };
  } catch (err) {
    await relay.stop();
    throw err;
  }
}
