import { DataSource } from "typeorm";
import { sqliteOptions } from "../../../platform";

/**
 * A plain connection to the monolith's database file, for the backfill and verify commands (they
 * read the source as DBLog does). No entities, no migrations: the catalog does not know the
 * monolith's code, only its captured tables.
 */
export async function openMonolithDatabase(databasePath: string): Promise<DataSource> {
  const db = new DataSource({ ...sqliteOptions(databasePath), entities: [], migrations: [] });
  await db.initialize();
  return db;
}
