import { DataSource, type DataSourceOptions } from "typeorm";
import { sqliteOptions } from "./sqlite-options";

export interface SqliteDatabaseOptions {
  entities: NonNullable<DataSourceOptions["entities"]>;
  migrations: NonNullable<DataSourceOptions["migrations"]>;
}

/** A DataSource (not yet initialized) for the SQLite file `file`; its schema comes only from `migrations`. */
export function sqliteDataSource(file: string, options: SqliteDatabaseOptions): DataSource {
  return new DataSource({ ...sqliteOptions(file), entities: options.entities, migrations: options.migrations, migrationsTransactionMode: "each" } as ConstructorParameters<typeof DataSource>[0]);
}

/**
 * Initializes `dataSource` (if needed) and applies its pending migrations, each in its own
 * transaction; returns the names applied. A failing migration closes the DataSource again.
 */
export async function openMigrated(dataSource: DataSource): Promise<string[]> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: "each" });
    return applied.map((migration) => migration.name);
  } catch (err) {
    await dataSource.destroy();
    throw err;
  }
}
