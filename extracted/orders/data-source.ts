import type { DataSource } from "typeorm";
import { ordersMigrations } from "../../migrations/orders";
import { openMigrated, sqliteDataSource } from "../../platform";
import { ordersEntities } from "./domain";

/** The orders service's DataSource for the SQLite file at `databasePath` (not yet initialized). Schema only from migrations. */
export function createOrdersDataSource(databasePath: string): DataSource {
  return sqliteDataSource(databasePath, { entities: ordersEntities, migrations: ordersMigrations });
}

/** Initializes the DataSource and applies pending migrations; returns the names applied. */
export function openOrdersDatabase(dataSource: DataSource): Promise<string[]> {
  return openMigrated(dataSource);
}
