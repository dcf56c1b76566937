import "reflect-metadata";
import { ConfigError, createLogger, onShutdown } from "../../platform";
import { readCatalogConfig, type CatalogConfig } from "./config";
import { createCatalogDataSource, openCatalogDatabase } from "./data-source";
import { openMonolithTarget, startReverseSync } from "./sync";

/**
 * Reverse sync (catalog → monolith) as its own process: the catalog's relay (catalog.sqlite →
 * `CDC_CATALOG`) and the consumer `monolith-from-catalog` into monolith.sqlite. `npm start` runs it
 * beside the catalog service (docs/catalog.md, "Reverse sync").
 */
async function main(config: CatalogConfig): Promise<void> {
  const logger = createLogger({ service: "catalog-reverse-sync", level: config.logLevel });
  if (!config.natsUrl) {
    process.stderr.write("NATS_URL is not set: reverse sync needs the broker (e.g. NATS_URL=nats://127.0.0.1:4222)\n");
    process.exit(1);
  }
  const catalog = createCatalogDataSource(config.databasePath);
  await openCatalogDatabase(catalog);
  const monolith = await openMonolithTarget(config.monolithDatabasePath);
  const sync = await startReverseSync({ catalog, monolith, natsUrl: config.natsUrl, logger });
  logger.info("reverse sync started", { from: config.databasePath, to: config.monolithDatabasePath, natsUrl: config.natsUrl });
  // A supervisor that started this process (npm start) learns it is ready; it has no HTTP port to probe.
  process.send?.({ ready: true });
  onShutdown(logger, [], async () => {
    await sync.stop();
    await monolith.destroy();
    await catalog.destroy();
  });
}

let config: CatalogConfig;
try {
  config = readCatalogConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}
main(config).catch((err: unknown) => {
  process.stderr.write(`catalog reverse sync failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
