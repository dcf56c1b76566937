import "reflect-metadata";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { DataSource } from "typeorm";
import { WriteGroup, type ConsumerHooks, type RunningConsumer } from "../../cdc";
import { createLogger } from "../../platform";
import { createCatalogApp, createCatalogDataSource, openCatalogDatabase } from "../../extracted/catalog";
import { httpOnFreePort } from "../http-on-free-port";
import { TEST_ADMIN_TOKEN } from "../monolith/start-monolith";
import { tempDir } from "../temp-dir";
import { openMonolithTarget, serviceWritePath, startForwardSync } from "../../service-kit";
import { monolithRelayProgressFile } from "../../service-kit/sync/monolith-databases";
import { catalogSync } from "../../extracted/catalog";

export interface StartCatalogOptions {
  /** Folder for catalog.sqlite; a fresh temp folder (removed on close) when omitted. */
  dataDir?: string;
  /** Start the consumer of the monolith's stream on this broker; no sync when omitted. */
  natsUrl?: string;
  /** Redelivery delay of the consumer (default 2 s in tests). */
  ackWaitMs?: number;
  /** Test hooks of the consumer (e.g. `beforeApply` delays it: a service that lags behind). */
  consumerHooks?: ConsumerHooks;
  /** Bearer token of the write routes (default: the monolith kit's token, as one SHOP_ADMIN_TOKEN serves both). */
  adminToken?: string;
  /**
   * The monolith's database, as the service's `monolithDatabase` setting (a file path or a
   * PostgreSQL URL, e.g. a RunningMonolith's `database`), for the write group's ownership in the
   * status; default: `monolith.sqlite` in `dataDir` when there is one.
   */
  monolithDatabase?: string;
}

export interface RunningCatalog {
  url: string;
  /** Bearer token of the write routes. */
  adminToken: string;
  /** The catalog's DataSource (migrated), for backfill, verify and assertions. */
  dataSource: DataSource;
  /** Starts the consumer (when not started with `natsUrl`); resolves with it. */
  startSync(natsUrl: string): Promise<RunningConsumer>;
  /** The running consumer, or null. */
  readonly sync: RunningConsumer | null;
  close(): Promise<void>;
}

/** Runs the real catalog service on a migrated temp SQLite file and a free port on 127.0.0.1 (the monolith's database may be SQLite or PostgreSQL). */
export async function startCatalog(options: StartCatalogOptions = {}): Promise<RunningCatalog> {
  const temp = options.dataDir === undefined ? tempDir("catalog-") : undefined;
  const dataSource = createCatalogDataSource(join(options.dataDir ?? temp!.path, "catalog.sqlite"));
  await openCatalogDatabase(dataSource);
  const logger = createLogger({ service: "catalog", silent: true });
  const adminToken = options.adminToken ?? TEST_ADMIN_TOKEN;
  let sync: RunningConsumer | null = null;
  const startSync = async (natsUrl: string) => {
    sync ??= await startForwardSync(catalogSync, { db: dataSource, natsUrl, logger, ackWaitMs: options.ackWaitMs ?? 2000, hooks: options.consumerHooks });
    return sync;
  };
  if (options.natsUrl) await startSync(options.natsUrl);
  // Beside a monolith's database (one data folder, as under npm start, or MONOLITH_DATABASE_URL), the status reports the write group's ownership too.
  const monolithFile = options.dataDir === undefined ? null : join(options.dataDir, "monolith.sqlite");
  const monolithDatabase = options.monolithDatabase ?? (monolithFile && existsSync(monolithFile) ? monolithFile : null);
  const monolith = monolithDatabase ? await openMonolithTarget(catalogSync, monolithDatabase) : null;
  // A PostgreSQL monolith's relay keeps its progress in the data folder (as the service's own startServiceSync says).
  const progress = { monolithRelayProgress: monolithDatabase ? monolithRelayProgressFile(monolithDatabase, options.dataDir ?? temp!.path) : undefined };
  const group = monolith ? new WriteGroup(serviceWritePath(catalogSync, monolith, dataSource, undefined, progress)) : null;
  const http = await httpOnFreePort(
    createCatalogApp({
      dataSource,
      logger,
      syncStatus: async () => (sync ? [await sync.consumer.status()] : []),
      ownership: async () => (group ? [await group.status()] : []),
      parked: () => sync?.consumer ?? null,
      adminToken,
    }),
  );
  return {
    url: http.url,
    adminToken,
    dataSource,
    startSync,
    get sync() {
      return sync;
    },
    close: async () => {
      await http.close();
      await sync?.stop();
      await monolith?.destroy();
      if (dataSource.isInitialized) await dataSource.destroy();
      temp?.remove();
    },
  };
}
