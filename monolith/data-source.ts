import { DataSource } from "typeorm";
import { monolithMigrations } from "../migrations/monolith";
import { isPostgresUrl, openMigrated, postgresOptions, sqliteDataSource } from "../platform";
import { shopEntities } from "./entities";

/**
 * The shop's DataSource (not yet initialized) for `database`: a `postgres://` or `postgresql://`
 * URL is a PostgreSQL database, anything else the path of a SQLite file. Both get the same
 * entities and migrations; the schema comes only from `migrations/monolith`, never `synchronize`.
 */
export function createShopDataSource(database: string): DataSource {
  const schema = { entities: shopEntities, migrations: monolithMigrations };
  if (!isPostgresUrl(database)) return sqliteDataSource(database, schema);
  return new DataSource({ ...postgresOptions(database), ...schema, migrationsTransactionMode: "each" } as ConstructorParameters<typeof DataSource>[0]);
}

/** Initializes the DataSource and applies pending migrations; returns the names applied. */
export function openShopDatabase(dataSource: DataSource): Promise<string[]> {
  return openMigrated(dataSource);
}

