import "reflect-metadata";
import { mkdirSync } from "node:fs";
import { baseUrlOf, ConfigError, createLogger, listen, onShutdown, redactDatabaseUrl, restrictFileModes } from "../platform";
import { createApp } from "./app";
import { readConfig, type MonolithConfig } from "./config";
import { createShopDataSource, openShopDatabase } from "./data-source";

async function main(config: MonolithConfig): Promise<void> {
  restrictFileModes();
  const logger = createLogger({ service: "monolith", level: config.logLevel });
  if (config.adminTokenIsDefault) {
    logger.warn("SHOP_ADMIN_TOKEN is not set: using the fixed development admin token; set it outside a laptop");
  }
  mkdirSync(config.dataDir, { recursive: true });
  const dataSource = createShopDataSource(config.database);
  const applied = await openShopDatabase(dataSource);
  const database = config.databaseKind === "postgres" ? redactDatabaseUrl(config.database) : config.database;
  logger.info("database ready", { database, databaseKind: config.databaseKind, migrationsApplied: applied });

  const server = await listen(createApp({ dataSource, config, logger }), config.port, config.host, "MONOLITH_PORT");
  logger.info("monolith listening", { url: baseUrlOf(server) });
  onShutdown(logger, [server], () => dataSource.destroy());
}

let config: MonolithConfig;
try {
  config = readConfig(process.env);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}
main(config).catch((err: unknown) => {
  process.stderr.write(`monolith failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
