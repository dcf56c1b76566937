import "reflect-metadata";
import { existsSync } from "node:fs";
import { DataSource } from "typeorm";
import { CdcError, startRelay } from "../../cdc";
import { ConfigError, createLogger, onShutdown, sqliteOptions } from "../../platform";
import { readRelayConfig, type RelayConfig } from "./relay-config";

/**
 * The monolith's relay as a process of its own (`npm start` runs it as `relay`): the change log of
 * `$STRANGLER_DATA_DIR/monolith.sqlite` → JetStream stream CDC_MONOLITH. It runs no migration of
 * the shop (the monolith's own start does): the file must exist with change capture installed.
 * Its progress lives in `monolith.strangler.sqlite` beside it; SIGTERM/SIGINT stop it gracefully.
 */
async function main(config: RelayConfig): Promise<void> {
  const logger = createLogger({ service: "relay-monolith", level: config.logLevel });
  // Opening a missing file would create an empty database in the monolith's place.
  if (!existsSync(config.databasePath)) {
    throw new Error(`no database at ${config.databasePath}: start the monolith once (npm run start:monolith, or npm run seed) or set STRANGLER_DATA_DIR to its data folder`);
  }
  const db = new DataSource(sqliteOptions(config.databasePath));
  let running;
  try {
    running = await startRelay({ db, url: config.natsUrl, logger, retentionMs: config.retentionMs, pruneWhenIdleMs: config.pruneWhenIdleMs });
  } catch (err) {
    if (err instanceof CdcError && err.code === "CDC_ERR_NOT_INSTALLED") {
      throw new Error(`${config.databasePath} has no change capture: start the monolith once so its migrations install it (npm run start:monolith)`, { cause: err });
    }
    throw err;
  }
  const relay = running;
  const status = await relay.relay.status();
  logger.info("relay started", { database: config.databasePath, stream: relay.stream, progressFile: relay.progressFile, publishedThrough: status.publishedThrough, backlog: status.backlog });
  relay.relay.done().catch((err: unknown) => {
    logger.error("relay stopped after a failure", { err: String(err) });
    process.exit(1);
  });
  onShutdown(logger, [], () => relay.stop());
}

let config: RelayConfig;
try {
  config = readRelayConfig(process.env);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}
main(config).catch((err: unknown) => {
  process.stderr.write(`relay failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
