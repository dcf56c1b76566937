import "reflect-metadata";
import { mkdirSync } from "node:fs";
import { baseUrlOf, ConfigError, createLogger, listen, onShutdown } from "../../platform";
import { createCatalogApp } from "./app";
import { readCatalogConfig, type CatalogConfig } from "./config";
import { createCatalogDataSource, openCatalogDatabase } from "./data-source";
import { startCatalogSyncPair, type CatalogSyncPair } from "./sync";

async function main(config: CatalogConfig): Promise<void> {
  const logger = createLogger({ service: "catalog", level: config.logLevel });
  mkdirSync(config.dataDir, { recursive: true });
  const dataSource = createCatalogDataSource(config.databasePath);
  const applied = await openCatalogDatabase(dataSource);
  logger.info("database ready", { database: config.databasePath, migrationsApplied: applied });

  let sync: CatalogSyncPair | null = null;
  if (config.natsUrl) {
    sync = await startCatalogSyncPair({ catalog: dataSource, monolithDatabasePath: config.monolithDatabasePath, natsUrl: config.natsUrl, logger });
    logger.info("sync started: monolith → catalog, and catalog → monolith (reverse)", { natsUrl: config.natsUrl, monolith: config.monolithDatabasePath });
  } else {
    logger.warn("NATS_URL is not set: serving without sync, the catalog will not follow the monolith nor write back to it");
  }
  const running = sync;
  const app = createCatalogApp({ dataSource, logger, syncStatus: async () => (running ? await running.status() : []), parked: () => running, adminToken: config.adminToken });
  if (config.adminTokenIsDefault) logger.warn("SHOP_ADMIN_TOKEN is not set: the write routes accept the development token");
  const server = await listen(app, config.port, config.host, "CATALOG_PORT");
  logger.info("catalog listening", { url: baseUrlOf(server) });
  onShutdown(logger, [server], async () => {
    await running?.stop();
    await dataSource.destroy();
  });
}

let config: CatalogConfig;
try {
  config = readCatalogConfig(process.env);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}
main(config).catch((err: unknown) => {
  process.stderr.write(`catalog failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
