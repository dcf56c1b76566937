import "reflect-metadata";
import { existsSync } from "node:fs";
import type { Server } from "node:http";
import { collectDefaultMetrics, Registry } from "prom-client";
import { DataSource } from "typeorm";
import { CDC_ERROR_CODES, CdcError, RelayMetrics, startRelay, type RunningRelay } from "../../cdc";
import { baseUrlOf, ConfigError, createLogger, databaseOptions, isPostgresUrl, listen, onShutdown, redactDatabaseUrl, restrictFileModes, safeError } from "../../platform";
import { readRelayConfig, type RelayConfig } from "./relay-config";
import { RELAY_METRICS_PATH, relayMetricsHandler } from "./relay-metrics";

/**
 * The monolith's relay as a process of its own (`npm start` runs it as `relay`): the change log of
 * `$STRANGLER_DATA_DIR/monolith.sqlite`, or of the PostgreSQL database MONOLITH_DATABASE_URL →
 * JetStream stream CDC_MONOLITH. It runs no migration of the shop (the monolith's own start does,
 * or `strangler capture install` on a database of your own): capture must be installed.
 * Its progress lives in `monolith.strangler.sqlite` beside it; SIGTERM/SIGINT stop it gracefully.
 */
async function main(config: RelayConfig): Promise<void> {
  restrictFileModes();
  const logger = createLogger({ service: "relay-monolith", level: config.logLevel });
  // Opening a missing file would create an empty database in the monolith's place.
  const shown = redactDatabaseUrl(config.database);
  if (!isPostgresUrl(config.database) && !existsSync(config.database)) {
    throw new Error(`no database at ${config.database}: start the monolith once (npm run start:monolith, or npm run seed) or set STRANGLER_DATA_DIR to its data folder`);
  }
  // GET /metrics (RELAY_METRICS_PORT; off by default): the relay's cdc_relay_* and Node's process metrics.
  let metricsServer: Server | null = null;
  let metrics: RelayMetrics | undefined;
  // Set once the relay runs: until then the head endpoint answers 503.
  let running: RunningRelay | undefined;
  if (config.metrics) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    metrics = new RelayMetrics(registry);
    const head = async () => {
      if (!running) throw new Error("the relay is not running yet");
      return running.head();
    };
    metricsServer = await listen(relayMetricsHandler(registry, config.metrics.token, head), config.metrics.port, config.metrics.host, "RELAY_METRICS_PORT");
  }
  const db = new DataSource(databaseOptions(config.database, 2));
  try {
    running = await startRelay({ db, url: config.natsUrl, replicas: config.natsReplicas, progressFile: config.progressFile, logger, retentionMs: config.retentionMs, pruneWhenIdleMs: config.pruneWhenIdleMs, pruneForceAbove: config.pruneForceAbove, metrics });
  } catch (err) {
    if (err instanceof CdcError && err.code === CDC_ERROR_CODES.notInstalled) {
      throw new Error(`${shown} has no change capture: start the monolith once so its migrations install it (npm run start:monolith), or install it with npx strangler capture install`, { cause: err });
    }
    throw err;
  }
  const relay = running;
  const status = await relay.relay.status();
  logger.info("relay started", {
    database: shown,
    stream: relay.stream,
    progressFile: relay.progressFile,
    publishedThrough: status.publishedThrough,
    backlog: status.backlog,
    metricsUrl: metricsServer ? `${baseUrlOf(metricsServer)}${RELAY_METRICS_PATH}` : null,
  });
  relay.relay.done().catch((err: unknown) => {
    logger.error("relay stopped after a failure", { err: safeError(err) });
    process.exit(1);
  });
  onShutdown(logger, metricsServer ? [metricsServer] : [], () => relay.stop());
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
