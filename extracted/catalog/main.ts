import "reflect-metadata";
import { existsSync, mkdirSync } from "node:fs";
import { collectDefaultMetrics, Registry } from "prom-client";
import type { DataSource } from "typeorm";
import { adminApiProxyControl, OwnershipKeeper, WriteGroup } from "../../cdc";
import { baseUrlOf, ConfigError, createLogger, listen, onShutdown, restrictFileModes, safeErrorMessage } from "../../platform";
import { createCatalogApp } from "./app";
import { readCatalogConfig, type CatalogConfig } from "./config";
import { createCatalogDataSource, openCatalogDatabase } from "./data-source";
import { catalogWritePath, openMonolithTarget, startCatalogSyncPair, type CatalogSyncPair } from "./sync";

async function main(config: CatalogConfig): Promise<void> {
  restrictFileModes();
  const logger = createLogger({ service: "catalog", level: config.logLevel });
  // GET /metrics: both consumers, the catalog's relay and Node's process metrics, in one registry.
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  mkdirSync(config.dataDir, { recursive: true });
  const dataSource = createCatalogDataSource(config.databasePath);
  const applied = await openCatalogDatabase(dataSource);
  logger.info("database ready", { database: config.databasePath, migrationsApplied: applied });

  let monolith: DataSource | null = null;
  let group: WriteGroup | null = null;
  let keeper: OwnershipKeeper | null = null;
  if (existsSync(config.monolithDatabasePath)) {
    monolith = await openMonolithTarget(config.monolithDatabasePath);
    const proxy = config.proxyAdmin ? adminApiProxyControl({ ...config.proxyAdmin, actor: "catalog-keeper" }) : null;
    if (!proxy) logger.warn("STRANGLER_ADMIN_URL is not set: the ownership keeper settles the databases' write fences only, not the proxy's routing");
    group = new WriteGroup(catalogWritePath(monolith, dataSource), { proxy });
    keeper = new OwnershipKeeper(group, { logger });
    // Before taking traffic: the non-owner's tables are fenced, an interrupted cut-over settled.
    const first = await keeper.tick().catch((err: unknown) => ({ outcome: "failed", done: [safeErrorMessage(err)] }));
    const record = await group.record();
    logger.info("write ownership", { group: group.name, owner: record.owner, epoch: record.epoch, firstLook: first.outcome, done: first.done });
    keeper.start();
  } else {
    logger.warn("no monolith database: serving without sync and without the ownership keeper", { monolith: config.monolithDatabasePath });
  }

  let sync: CatalogSyncPair | null = null;
  if (config.natsUrl && monolith) {
    sync = await startCatalogSyncPair({ catalog: dataSource, monolith, natsUrl: config.natsUrl, logger, journal: config.syncJournal, metrics });
    logger.info("sync started: monolith → catalog, and catalog → monolith (reverse)", { natsUrl: config.natsUrl, monolith: config.monolithDatabasePath, journal: config.syncJournal });
  } else if (!config.natsUrl) {
    logger.warn("NATS_URL is not set: serving without sync, the catalog will not follow the monolith nor write back to it");
  }
  const running = sync;
  const owned = group;
  const app = createCatalogApp({
    dataSource,
    logger,
    syncStatus: async () => (running ? await running.status() : []),
    ownership: async () => (owned ? [await owned.status()] : []),
    parked: () => running,
    adminToken: config.adminToken,
    metrics,
    metricsToken: config.metricsToken,
  });
  if (config.adminTokenIsDefault) logger.warn("SHOP_ADMIN_TOKEN is not set: the write routes accept the development token");
  if (config.metricsToken === null) logger.warn("neither STRANGLER_METRICS_TOKEN nor STRANGLER_ADMIN_TOKEN is set: GET /metrics answers 503 until one is");
  const server = await listen(app, config.port, config.host, "CATALOG_PORT");
  logger.info("catalog listening", { url: baseUrlOf(server) });
  onShutdown(logger, [server], async () => {
    await keeper?.stop();
    await running?.stop();
    await monolith?.destroy();
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
