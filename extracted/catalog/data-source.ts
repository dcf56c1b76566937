import type { DataSource } from "typeorm";
import { catalogMigrations } from "../../migrations/catalog";
import { databaseDataSource, openMigrated } from "../../platform";
import { catalogEntities } from "./domain";

/**
 * The catalog's DataSource (not yet initialized) for `database`: its SQLite file, or a PostgreSQL
 * URL (CATALOG_DATABASE_URL). Schema only from migrations, the same on both.
 */
export function createCatalogDataSource(database: string): DataSource {
  return databaseDataSource(database, { entities: catalogEntities, migrations: catalogMigrations });
}

/** Initializes the DataSource and applies pending migrations; returns the names applied. */
export function openCatalogDatabase(dataSource: DataSource): Promise<string[]> {
  return openMigrated(dataSource);
}
