import { existsSync } from "node:fs";
import type { Registry } from "prom-client";
import type { DataSource } from "typeorm";
import { adminApiProxyControl, OwnershipKeeper, WriteGroup } from "../../cdc";
import { isPostgresUrl, redactDatabaseUrl, safeErrorMessage, type Logger } from "../../platform";
import { monolithRelayProgressFile, openMonolithTarget, relayProgressFile } from "./monolith-databases";
import type { ServiceSync } from "./service-sync";
import { serviceWritePath } from "./service-write-path";
import { startSyncPair, type SyncPair } from "./start-sync-pair";

export interface StartServiceSyncOptions {
  /** The service's database (opened and migrated). */
  db: DataSource;
  /** Where it is: its SQLite file, or its PostgreSQL URL (<SERVICE>_DATABASE_URL). */
  database: string;
  /** The monolith's database: its SQLite file, or its PostgreSQL URL (MONOLITH_DATABASE_URL). */
  monolithDatabase: string;
  /** STRANGLER_DATA_DIR: where the monolith's relay keeps its progress when the monolith is on PostgreSQL. */
  dataDir: string;
  /** NATS_URL; null serves without sync. */
  natsUrl: string | null;
  /** NATS_REPLICAS: replicas of the change streams the service creates; null or absent: chosen by the cluster (3 on 3 or more servers, else 1). */
  natsReplicas?: number | null;
  /** The proxy's admin API (STRANGLER_ADMIN_URL and token), for the keeper to settle the routing too. */
  proxyAdmin: { url: string; token?: string } | null;
  logger: Logger;
  journal?: boolean;
  metrics?: Registry;
}

/** What a service runs beside its routes: the ownership of its write group, its keeper and both sync directions. */
export interface RunningServiceSync {
  /** Null without a monolith database. */
  group: WriteGroup | null;
  /** Null without NATS_URL or a monolith database. */
  pair: SyncPair | null;
  stop(): Promise<void>;
}

/**
 * Everything a service's `main.ts` starts before it takes traffic, the same way for every service:
 * opens the monolith's database as the reverse target (the service's in-monolith migrations
 * applied), settles its write group (fences, an interrupted cut-over) with one keeper tick, keeps
 * the keeper running, then starts both sync directions. Without a monolith database or NATS_URL it
 * says so in the log and serves without them.
 */
export async function startServiceSync(sync: ServiceSync, options: StartServiceSyncOptions): Promise<RunningServiceSync> {
  const { logger } = options;
  if (!isPostgresUrl(options.monolithDatabase) && !existsSync(options.monolithDatabase)) {
    logger.warn("no monolith database: serving without sync and without the ownership keeper", { monolith: options.monolithDatabase });
    return { group: null, pair: null, stop: async () => undefined };
  }
  const monolith = await openMonolithTarget(sync, options.monolithDatabase);
  let keeper: OwnershipKeeper | null = null;
  try {
    const proxy = options.proxyAdmin ? adminApiProxyControl({ ...options.proxyAdmin, actor: `${sync.service}-keeper` }) : null;
    if (!proxy) logger.warn("STRANGLER_ADMIN_URL is not set: the ownership keeper settles the databases' write fences only, not the proxy's routing");
    const progress = {
      monolithRelayProgress: monolithRelayProgressFile(options.monolithDatabase, options.dataDir),
      serviceRelayProgress: relayProgressFile(options.database, sync.service, options.dataDir),
    };
    const group = new WriteGroup(serviceWritePath(sync, monolith, options.db, undefined, progress), { proxy });
    keeper = new OwnershipKeeper(group, { logger });
    // Before taking traffic: the non-owner's tables are fenced, an interrupted cut-over settled.
    const first = await keeper.tick().catch((err: unknown) => ({ outcome: "failed", done: [safeErrorMessage(err)] }));
    const record = await group.record();
    logger.info("write ownership", { group: group.name, owner: record.owner, epoch: record.epoch, firstLook: first.outcome, done: first.done });
    keeper.start();
    let pair: SyncPair | null = null;
    if (options.natsUrl) {
      pair = await startSyncPair(sync, {
        db: options.db,
        monolith,
        natsUrl: options.natsUrl,
        logger,
        journal: options.journal,
        metrics: options.metrics,
        relayProgressFile: progress.serviceRelayProgress,
        replicas: options.natsReplicas ?? undefined,
      });
      logger.info(`sync started: monolith → ${sync.service}, and ${sync.service} → monolith (reverse)`, { natsUrl: options.natsUrl, natsReplicas: options.natsReplicas ?? "by the cluster", monolith: redactDatabaseUrl(options.monolithDatabase), journal: options.journal });
    } else {
      logger.warn(`NATS_URL is not set: serving without sync, the ${sync.service} will not follow the monolith nor write back to it`);
    }
    const running = keeper;
    return {
      group,
      pair,
      stop: async () => {
        await running.stop();
        await pair?.stop();
        await monolith.destroy();
      },
    };
  } catch (err) {
    await keeper?.stop();
    await monolith.destroy();
    throw err;
  }
}
