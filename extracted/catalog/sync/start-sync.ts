import type { Registry } from "prom-client";
import type { DataSource } from "typeorm";
import { ConsumerMetrics, startConsumer, type Mapping, type RunningConsumer } from "../../../cdc";
import type { Logger } from "../../../platform";
import { catalogMapping } from "./catalog-mapping";
import { SYNC_DURABLE, SYNC_SOURCE } from "./catalog-tables";
import { MOVED_TABLES } from "./write-group";

export interface StartCatalogSyncOptions {
  /** The catalog database (migrated); the consumer opens its own connection to it. */
  db: DataSource;
  natsUrl: string;
  logger?: Logger;
  /** Redelivery delay (default 30 s); tests lower it. */
  ackWaitMs?: number;
  /** The mapping (default `catalogMapping`); tests wrap it to record what is applied. */
  mapping?: Mapping;
  /** Keep an apply journal in the catalog's database (docs/cdc.md). */
  journal?: boolean;
  /** Record the consumer's `cdc_*` metrics in this registry (what the catalog's `GET /metrics` serves). */
  metrics?: Registry;
}

/**
 * catalog.sqlite's WAL is checkpointed every 200 ms on a thread of its own (PASSIVE: the consumer
 * goes on committing meanwhile), and by the forward consumer's own commits only past 10,000 pages
 * (about 40 MB; SQLite's default is 1000), as a backstop. The database is the service's own and the
 * consumer its main writer: checkpointing every 1000 pages inside its commits wrote the same hot
 * pages back and synced the file every few batches, on the thread that applies the changes.
 */
export const CATALOG_SYNC_WAL = { checkpointEveryMs: 200, autocheckpointPages: 10_000 } as const;

/** Starts the consumer of the monolith's stream (`CDC_MONOLITH`) into the catalog database. */
export function startCatalogSync(options: StartCatalogSyncOptions): Promise<RunningConsumer> {
  return startConsumer({
    db: options.db,
    url: options.natsUrl,
    source: SYNC_SOURCE,
    durable: SYNC_DURABLE,
    mapping: options.mapping ?? catalogMapping,
    ownOrigin: "catalog",
    // The catalog captures its own tables (reverse sync): applies are logged with the change's origin.
    targetHasCapture: true,
    // Monolith changes to the moved tables are applied only while the catalog does not own them (its fence is on).
    ownedTables: MOVED_TABLES,
    journal: options.journal,
    walAutocheckpointPages: CATALOG_SYNC_WAL.autocheckpointPages,
    walCheckpointEveryMs: CATALOG_SYNC_WAL.checkpointEveryMs,
    logger: options.logger,
    metrics: options.metrics ? new ConsumerMetrics(options.metrics) : undefined,
    ackWaitMs: options.ackWaitMs,
  });
}
