import { DataSource, type DataSourceOptions } from "typeorm";
import { isPostgresUrl, postgresOptions } from "./postgres-options";
import { sqliteOptions } from "./sqlite-options";

/**
 * TypeORM options for a database given as one string, the way the toolkit's settings name them: a
 * `postgres://` URL (MONOLITH_DATABASE_URL, <SERVICE>_DATABASE_URL), else the path of a SQLite file.
 */
export function databaseOptions(location: string, poolSize?: number): DataSourceOptions {
  return isPostgresUrl(location) ? postgresOptions(location, poolSize) : sqliteOptions(location);
}

/** A DataSource (not yet initialized) on `location` with its entities and migrations, each migration in its own transaction. */
export function databaseDataSource(location: string, options: { entities: NonNullable<DataSourceOptions["entities"]>; migrations: NonNullable<DataSourceOptions["migrations"]> }): DataSource {
  return new DataSource({ ...databaseOptions(location), entities: options.entities, migrations: options.migrations, migrationsTransactionMode: "each" } as ConstructorParameters<typeof DataSource>[0]);
}
