import { DataSource } from "typeorm";
import { join } from "node:path";
import { databaseOptions, isPostgresUrl } from "../../platform";
import type { ServiceSync } from "./service-sync";

/**
 * A plain connection to the monolith's database (its SQLite file, or its PostgreSQL URL), for the
 * backfill and verify commands (they read the source as DBLog does). No entities, no migrations: a
 * service does not know the monolith's code, only its captured tables.
 */
export async function openMonolithDatabase(database: string): Promise<DataSource> {
  const db = new DataSource({ ...databaseOptions(database), entities: [], migrations: [] } as ConstructorParameters<typeof DataSource>[0]);
  await db.initialize();
  return db;
}

/**
 * Opens the monolith's database as the reverse sync's target and applies the service team's
 * migrations there (the consumer tables, in the service's own migrations table). No entities: the
 * service knows the monolith's tables as a schema, not as code.
 */
export async function openMonolithTarget(sync: ServiceSync, database: string): Promise<DataSource> {
  const db = new DataSource({
    ...databaseOptions(database),
    entities: [],
    migrations: [...sync.inMonolith.migrations],
    migrationsTableName: sync.inMonolith.migrationsTable,
  } as ConstructorParameters<typeof DataSource>[0]);
  await db.initialize();
  try {
    await db.runMigrations({ transaction: "each" });
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return db;
}

/**
 * Where the relay of the database `database` (named `source`) keeps its progress: beside a SQLite
 * file (undefined: the relay's default, `<name>.strangler.sqlite` next to it), or, for a PostgreSQL
 * database, `<source>.strangler.sqlite` in the data folder (the monolith's relay process keeps it
 * there too: scripts/stack/relay-config.ts).
 */
export function relayProgressFile(database: string, source: string, dataDir: string): string | undefined {
  return isPostgresUrl(database) ? join(dataDir, `${source}.strangler.sqlite`) : undefined;
}

/** The monolith relay's progress file (relayProgressFile of the source `monolith`). */
export function monolithRelayProgressFile(monolithDatabase: string, dataDir: string): string | undefined {
  return relayProgressFile(monolithDatabase, "monolith", dataDir);
}
