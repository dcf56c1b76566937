import "reflect-metadata";
import { mkdirSync } from "node:fs";
import { baseUrlOf, ConfigError, createLogger, listen, onShutdown, redactDatabaseUrl, restrictFileModes } from "../../platform";
import { LegacyCalls, startServiceSync, syncEndpointsOf } from "../../service-kit";
import { createOrdersApp } from "./app";
import { readOrdersConfig, type OrdersConfig } from "./config";
import { createOrdersDataSource, openOrdersDatabase } from "./data-source";
import { ordersSync } from "./sync";
import { shopStock } from "./writes/shop-stock";

async function main(config: OrdersConfig): Promise<void> {
  restrictFileModes();
  const logger = createLogger({ service: "orders", level: config.logLevel });
  mkdirSync(config.dataDir, { recursive: true });
  const dataSource = createOrdersDataSource(config.database);
  const applied = await openOrdersDatabase(dataSource);
  logger.info("database ready", { database: redactDatabaseUrl(config.database), migrationsApplied: applied });

  // The write group's keeper and both sync directions (service-kit/sync/start-service-sync.ts).
  const sync = await startServiceSync(ordersSync, {
    db: dataSource,
    database: config.database,
    monolithDatabase: config.monolithDatabase,
    dataDir: config.dataDir,
    natsUrl: config.natsUrl,
    natsReplicas: config.natsReplicas,
    proxyAdmin: config.proxyAdmin,
    logger,
    journal: config.syncJournal,
  });
  // Stock stays in the monolith: taken and given back through its inventory API, each call both-or-neither
  // with the order's rows; a call an earlier life of the service left half done is undone first.
  const stock = shopStock(config.shopInventory);
  const calls = new LegacyCalls(dataSource, [stock.kind], { logger, freezeAfterCall: config.freezeAfterStockCall });
  await calls.start();
  const app = createOrdersApp({
    dataSource,
    logger,
    ...syncEndpointsOf(sync),
    writes: { calls, stock },
  });
  const server = await listen(app, config.port, config.host, "ORDERS_PORT");
  logger.info("orders listening", { url: baseUrlOf(server) });
  onShutdown(logger, [server], async () => {
    await calls.stop();
    await sync.stop();
    await dataSource.destroy();
  });
}

let config: OrdersConfig;
try {
  config = readOrdersConfig(process.env);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}
main(config).catch((err: unknown) => {
  process.stderr.write(`orders failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
