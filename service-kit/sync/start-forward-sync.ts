import type { Registry } from "prom-client";
import type { DataSource } from "typeorm";
import { ConsumerMetrics, startConsumer, type ConsumerHooks, type Mapping, type RunningConsumer } from "../../cdc";
import type { Logger } from "../../platform";
import { forwardDurable, MONOLITH_SOURCE, walOf, type ServiceSync } from "./service-sync";

export interface StartForwardSyncOptions {
  /** The service's database (migrated); the consumer opens its own connection to it. */
  db: DataSource;
  natsUrl: string;
  logger?: Logger;
  /** Redelivery delay (default 30 s); tests lower it. */
  ackWaitMs?: number;
  /** The mapping (default the service's forward mapping); tests wrap it to record what is applied. */
  mapping?: Mapping;
  /** Keep an apply journal in the service's database (docs/cdc.md). */
  journal?: boolean;
  /** Test hooks of the consumer (e.g. a delay before each batch: a consumer that falls behind). */
  hooks?: ConsumerHooks;
  /** Record the consumer's `cdc_*` metrics in this registry (what the service's `GET /metrics` serves). */
  metrics?: Registry;
  /** NATS_REPLICAS: replicas of `CDC_MONOLITH` if this consumer creates it before the monolith's relay does (default: by the cluster). */
  replicas?: number;
}

/** Starts the consumer of the monolith's stream (`CDC_MONOLITH`) into the service's database. */
export function startForwardSync(sync: ServiceSync, options: StartForwardSyncOptions): Promise<RunningConsumer> {
  const wal = walOf(sync);
  return startConsumer({
    db: options.db,
    url: options.natsUrl,
    source: MONOLITH_SOURCE,
    durable: forwardDurable(sync),
    mapping: options.mapping ?? sync.forward.mapping,
    ownOrigin: sync.service,
    // The service captures its own tables (reverse sync): applies are logged with the change's origin.
    targetHasCapture: true,
    // Monolith changes to the moved tables are applied only while the service does not own them (its fence is on).
    ownedTables: sync.movedTables,
    journal: options.journal,
    walAutocheckpointPages: wal.autocheckpointPages,
    walCheckpointEveryMs: wal.checkpointEveryMs,
    logger: options.logger,
    metrics: options.metrics ? new ConsumerMetrics(options.metrics) : undefined,
    ackWaitMs: options.ackWaitMs,
    hooks: options.hooks,
    replicas: options.replicas,
  });
}
