import "reflect-metadata";
import { mkdirSync } from "node:fs";
import type { DataSource } from "typeorm";
import { createLogger } from "../../platform";
import { createApp, createShopDataSource, openShopDatabase, readConfig, seedShop, type SeedSize } from "../../monolith";
import { httpOnFreePort } from "../http-on-free-port";
import { tempDir } from "../temp-dir";

export interface StartMonolithOptions {
  /** Folder for monolith.sqlite; a fresh temp folder (removed on close) when omitted. */
  dataDir?: string;
  /**
   * A PostgreSQL database (`postgres://…`, as MONOLITH_DATABASE_URL) instead of monolith.sqlite,
   * e.g. a `tempPostgresDatabase()`'s url; the caller creates and drops it.
   */
  databaseUrl?: string;
  /** Seed the deterministic sample (sizes default to the standard sample); `false` (default) leaves it empty. */
  seed?: Partial<SeedSize> | false;
}

export interface RunningMonolith {
  /** e.g. `http://127.0.0.1:43121` */
  url: string;
  /** Bearer token for catalog and inventory writes. */
  adminToken: string;
  /** The shop's DataSource, for assertions on the database itself. */
  dataSource: DataSource;
  /**
   * The shop's database as the toolkit's settings name it: its PostgreSQL URL (what
   * MONOLITH_DATABASE_URL would hold), else the path of its monolith.sqlite. What a service's
   * `openMonolithTarget` and `monolithRelayProgressFile` take.
   */
  database: string;
  /** Stops the server, closes the database and removes the temp folder. */
  close(): Promise<void>;
}

/** Token of monoliths started by the kit. */
export const TEST_ADMIN_TOKEN = "test-admin-token-0123456789";

/** Runs the real shop app on a migrated database (SQLite file, or `databaseUrl`) and a free port on 127.0.0.1. */
export async function startMonolith(options: StartMonolithOptions = {}): Promise<RunningMonolith> {
  const temp = options.dataDir === undefined ? tempDir("monolith-") : undefined;
  const config = readConfig({
    STRANGLER_DATA_DIR: options.dataDir ?? temp!.path,
    MONOLITH_DATABASE_URL: options.databaseUrl,
    SHOP_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    MONOLITH_PORT: "0",
  });
  mkdirSync(config.dataDir, { recursive: true });
  const dataSource = createShopDataSource(config.database);
  try {
    await openShopDatabase(dataSource);
    if (options.seed) await seedShop(dataSource, options.seed);
    const logger = createLogger({ service: "monolith", silent: true });
    const http = await httpOnFreePort(createApp({ dataSource, config, logger }));
    return {
      url: http.url,
      adminToken: config.adminToken,
      dataSource,
      database: config.database,
      close: async () => {
        await http.close();
        await dataSource.destroy();
        temp?.remove();
      },
    };
  } catch (err) {
    if (dataSource.isInitialized) await dataSource.destroy();
    temp?.remove();
    throw err;
  }
}
