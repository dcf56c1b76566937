import type { DataSource } from "typeorm";
import { monolithMigrations } from "../migrations/monolith";
import { openMigrated, sqliteDataSource } from "../platform";
import { shopEntities } from "./entities";

/**
 * The shop's DataSource for the SQLite file at `databasePath` (not yet initialized).
 * The schema comes only from `migrations/monolith`; never from `synchronize`.
 */
export function createShopDataSource(databasePath: string): DataSource {
  return sqliteDataSource(databasePath, { entities: shopEntities, migrations: monolithMigrations });
}

/** Initializes the DataSource and applies pending migrations; returns the names applied. */
export function openShopDatabase(dataSource: DataSource): Promise<string[]> {
  return openMigrated(dataSource);
}
