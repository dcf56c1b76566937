import type { DataSource } from "typeorm";
import { startConsumer, type Mapping, type RunningConsumer } from "../../../cdc";
import type { Logger } from "../../../platform";
import { catalogMapping } from "./catalog-mapping";
import { SYNC_DURABLE, SYNC_SOURCE } from "./catalog-tables";

export interface StartCatalogSyncOptions {
  /** The catalog database (migrated); the consumer opens its own connection to it. */
  db: DataSource;
  natsUrl: string;
  logger?: Logger;
  /** Redelivery delay (default 30 s); tests lower it. */
  ackWaitMs?: number;
  /** The mapping (default `catalogMapping`); tests wrap it to record what is applied. */
  mapping?: Mapping;
}

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
    logger: options.logger,
    ackWaitMs: options.ackWaitMs,
  });
}
