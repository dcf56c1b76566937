import type { Registry } from "prom-client";
import type { DataSource } from "typeorm";
import { ConsumerMetrics, RelayMetrics, startConsumer, startRelay, type ConsumerOptions, type Mapping, type RunningConsumer, type RunningRelay } from "../../cdc";
import type { Logger } from "../../platform";
import { MONOLITH_SOURCE, reverseDurable, type ServiceSync } from "./service-sync";

export interface StartReverseSyncOptions {
  /** The service's database (migrated, capture installed): its change log is relayed to `CDC_<SERVICE>`. */
  db: DataSource;
  /** The monolith database, opened with `openMonolithTarget` (consumer tables migrated). */
  monolith: DataSource;
  natsUrl: string;
  logger?: Logger;
  /** Redelivery delay of the consumer (default 30 s); tests lower it. */
  ackWaitMs?: number;
  /** The mapping (default the service's reverse mapping); tests wrap it to record what is applied. */
  mapping?: Mapping;
  /** Retries before a change is parked (defaults: 8 attempts, 200 ms up to 10 s); tests shorten them. */
  retries?: Pick<ConsumerOptions, "maxAttempts" | "retryBaseMs" | "retryMaxMs">;
  /** Keep an apply journal in the monolith's database (docs/cdc.md; off by default: no extra write to the legacy file). */
  journal?: boolean;
  /** Record the relay's and the consumer's `cdc_*` metrics in this registry (what the service's `GET /metrics` serves). */
  metrics?: Registry;
  /** The service relay's progress file, when its database is not a file it sits beside (PostgreSQL: `relayProgressFile`). */
  relayProgressFile?: string;
  /** NATS_REPLICAS: replicas of the service's stream `CDC_<SERVICE>`, which its relay creates (default: by the cluster). */
  replicas?: number;
}

/** The running reverse sync: the service's relay and the consumer into the monolith. */
export interface RunningReverseSync {
  relay: RunningRelay;
  consumer: RunningConsumer;
  stop(): Promise<void>;
}

/**
 * Starts the reverse sync (service → monolith): the relay of the service's change log and the
 * durable consumer `monolith-from-<service>`. The service logs only its own writes (capture v2+), so
 * nothing the monolith wrote comes back; the consumer's own writes are captured by the monolith
 * with the service's origin, so the forward consumer records them in turn (no ping-pong). It applies
 * only while the service owns the moved tables; a change arriving otherwise is parked.
 */
export async function startReverseSync(sync: ServiceSync, options: StartReverseSyncOptions): Promise<RunningReverseSync> {
  const relay = await startRelay({
    db: options.db,
    url: options.natsUrl,
    progressFile: options.relayProgressFile,
    replicas: options.replicas,
    logger: options.logger,
    metrics: options.metrics ? new RelayMetrics(options.metrics) : undefined,
  });
  try {
    const consumer = await startConsumer({
      db: options.monolith,
      url: options.natsUrl,
      source: sync.service,
      durable: reverseDurable(sync),
      mapping: options.mapping ?? sync.reverse.mapping,
      ownOrigin: MONOLITH_SOURCE,
      targetHasCapture: true,
      // The service's changes are applied only while it owns the tables (the monolith's fence is on); otherwise parked.
      ownedTables: sync.movedTables,
      journal: options.journal,
      // Short transactions on the legacy file: the write lock is held for a few changes at a time.
      batchSize: 16,
      logger: options.logger,
      metrics: options.metrics ? new ConsumerMetrics(options.metrics) : undefined,
      ackWaitMs: options.ackWaitMs,
      replicas: options.replicas,
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
