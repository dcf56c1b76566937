import { DataSource } from "typeorm";
import { monolithMigrations } from "../migrations/monolith";
import { sqliteOptions } from "../platform";
import { shopEntities } from "./entities";

/**
 * The shop's DataSource for the SQLite file at `databasePath` (not yet initialized).
 * The schema comes only from `migrations/monolith`; never from `synchronize`.
 */
export function createShopDataSource(databasePath: string): DataSource {
  return new DataSource({
    ...sqliteOptions(databasePath),
    entities: shopEntities,
    migrations: monolithMigrations,
    migrationsTransactionMode: "each",
  });
}

/** Initializes the DataSource and applies pending migrations; returns the names applied. */
export async function openShopDatabase(dataSource: DataSource): Promise<string[]> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  const applied = await dataSource.runMigrations({ transaction: "each" });
  return applied.map((migration) => migration.name);
}
