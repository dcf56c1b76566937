import { DataSource } from "typeorm";
import { catalogMigrations } from "../../migrations/catalog";
import { sqliteOptions } from "../../platform";
import { catalogEntities } from "./domain";

/** The catalog's DataSource for the SQLite file at `databasePath` (not yet initialized). Schema only from migrations. */
export function createCatalogDataSource(databasePath: string): DataSource {
  return new DataSource({ ...sqliteOptions(databasePath), entities: catalogEntities, migrations: catalogMigrations, migrationsTransactionMode: "each" });
}

/** Initializes the DataSource and applies pending migrations; returns the names applied. */
export async function openCatalogDatabase(dataSource: DataSource): Promise<string[]> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  const applied = await dataSource.runMigrations({ transaction: "each" });
  return applied.map((migration) => migration.name);
}
