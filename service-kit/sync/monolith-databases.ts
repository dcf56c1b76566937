import { DataSource } from "typeorm";
import { sqliteOptions } from "../../platform";
import type { ServiceSync } from "./service-sync";

/**
 * A plain connection to the monolith's database file, for the backfill and verify commands (they
 * read the source as DBLog does). No entities, no migrations: a service does not know the
 * monolith's code, only its captured tables.
 */
export async function openMonolithDatabase(databasePath: string): Promise<DataSource> {
  const db = new DataSource({ ...sqliteOptions(databasePath), entities: [], migrations: [] });
  await db.initialize();
  return db;
}

/**
 * Opens the monolith's database as the reverse sync's target and applies the service team's
 * migrations there (the consumer tables, in the service's own migrations table). No entities: the
 * service knows the monolith's tables as a schema, not as code.
 */
export async function openMonolithTarget(sync: ServiceSync, databasePath: string): Promise<DataSource> {
  const db = new DataSource({ ...sqliteOptions(databasePath), entities: [], migrations: [...sync.inMonolith.migrations], migrationsTableName: sync.inMonolith.migrationsTable });
  await db.initialize();
  try {
    await db.runMigrations({ transaction: "each" });
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return db;
}
