import type { DataSource } from "typeorm";
import { ordersMigrations } from "../../migrations/orders";
import { databaseDataSource, openMigrated } from "../../platform";
import { ordersEntities } from "./domain";

/**
 * The orders service's DataSource (not yet initialized) for `database`: its SQLite file, or a
 * PostgreSQL URL (ORDERS_DATABASE_URL). Schema only from migrations, the same on both.
 */
export function createOrdersDataSource(database: string): DataSource {
  return databaseDataSource(database, { entities: ordersEntities, migrations: ordersMigrations });
}

/** Initializes the DataSource and applies pending migrations; returns the names applied. */
export function openOrdersDatabase(dataSource: DataSource): Promise<string[]> {
  return openMigrated(dataSource);
}
