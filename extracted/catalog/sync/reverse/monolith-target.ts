import { DataSource } from "typeorm";
import { catalogReverseSyncMigrations, REVERSE_SYNC_MIGRATIONS_TABLE } from "../../../../migrations/catalog/in-monolith";
import { sqliteOptions } from "../../../../platform";

/**
 * Opens the monolith's database as the reverse sync's target and applies the catalog team's
 * migrations there (the consumer tables, in their own migrations table). No entities: the catalog
 * knows the monolith's tables as a schema, not as code.
 */
export async function openMonolithTarget(databasePath: string): Promise<DataSource> {
  const db = new DataSource({ ...sqliteOptions(databasePath), entities: [], migrations: catalogReverseSyncMigrations, migrationsTableName: REVERSE_SYNC_MIGRATIONS_TABLE });
  await db.initialize();
  try {
    await db.runMigrations({ transaction: "each" });
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return db;
}
