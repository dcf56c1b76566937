import type { DataSource } from "typeorm";
import { catalogMigrations } from "../../migrations/catalog";
import { openMigrated, sqliteDataSource } from "../../platform";
import { catalogEntities } from "./domain";

/** The catalog's DataSource for the SQLite file at `databasePath` (not yet initialized). Schema only from migrations. */
export function createCatalogDataSource(databasePath: string): DataSource {
  return sqliteDataSource(databasePath, { entities: catalogEntities, migrations: catalogMigrations });
}

/** Initializes the DataSource and applies pending migrations; returns the names applied. */
export function openCatalogDatabase(dataSource: DataSource): Promise<string[]> {
  return openMigrated(dataSource);
}
