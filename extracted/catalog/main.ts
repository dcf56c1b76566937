import "reflect-metadata";
import { mkdirSync } from "node:fs";
import { collectDefaultMetrics, Registry } from "prom-client";
import { baseUrlOf, ConfigError, createLogger, listen, onShutdown, redactDatabaseUrl, restrictFileModes } from "../../platform";
import { startServiceSync, syncEndpointsOf } from "../../service-kit";
import { createCatalogApp } from "./app";
import { readCatalogConfig, type CatalogConfig } from "./config";
import { createCatalogDataSource, openCatalogDatabase } from "./data-source";
import { catalogSync } from "./sync";

async function main(config: CatalogConfig): Promise<void> {
  restrictFileModes();
  const logger = createLogger({ service: "catalog", level: config.logLevel });
  // GET /metrics: both consumers, the catalog's relay and Node's process metrics, in one registry.
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  mkdirSync(config.dataDir, { recursive: true });
  const dataSource = createCatalogDataSource(config.database);
  const applied = await openCatalogDatabase(dataSource);
  logger.info("database ready", { database: redactDatabaseUrl(config.database), migrationsApplied: applied });

  // The write group's keeper and both sync directions (service-kit/sync/start-service-sync.ts).
  const sync = await startServiceSync(catalogSync, {
    db: dataSource,
    database: config.database,
    monolithDatabase: config.monolithDatabase,
    dataDir: config.dataDir,
    natsUrl: config.natsUrl,
    natsReplicas: config.natsReplicas,
    proxyAdmin: config.proxyAdmin,
    logger,
    journal: config.syncJournal,
    metrics,
  });
  const app = createCatalogApp({
    dataSource,
    logger,
    ...syncEndpointsOf(sync),
    adminToken: config.adminToken,
    metrics,
    metricsToken: config.metricsToken,
  });
  if (config.adminTokenIsDefault) logger.warn("SHOP_ADMIN_TOKEN is not set: the write routes accept the development token");
  if (config.metricsToken === null) logger.warn("neither STRANGLER_METRICS_TOKEN nor STRANGLER_ADMIN_TOKEN is set: GET /metrics answers 503 until one is");
  const server = await listen(app, config.port, config.host, "CATALOG_PORT");
  logger.info("catalog listening", { url: baseUrlOf(server) });
  onShutdown(logger, [server], async () => {
    await sync.stop();
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
