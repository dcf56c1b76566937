import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { DataSource } from "typeorm";
import { postgresOptions, redactDatabaseUrl, sqliteOptions } from "../../platform";
import { CDC_ERROR_CODES, CdcError } from "../core/errors";

/** A database named on a command line: a PostgreSQL URL or an existing SQLite file. */
export type DatabaseLocation = { dialect: "postgres"; url: string; shown: string } | { dialect: "sqlite"; file: string; shown: string };

/**
 * Reads `--db`: `postgres://user@host:5432/name` (or postgresql://), else the path of an EXISTING
 * SQLite file (a typo must not create an empty database and install capture into it).
 */
export function parseDatabaseLocation(value: string): DatabaseLocation {
  const given = value.trim();
  if (/^postgres(ql)?:\/\//i.test(given)) {
    try {
      new URL(given);
    } catch {
      throw new CdcError(CDC_ERROR_CODES.databaseLocation, `--db "${redactDatabaseUrl(given)}" is not a valid URL. Fix: --db postgres://user@host:5432/database`);
    }
    return { dialect: "postgres", url: given, shown: redactDatabaseUrl(given) };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(given)) {
    throw new CdcError(CDC_ERROR_CODES.databaseLocation, `--db "${given}": only PostgreSQL URLs (postgres://…) and SQLite file paths are supported.`);
  }
  const file = resolve(given);
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new CdcError(CDC_ERROR_CODES.databaseLocation, `--db ${given}: no such SQLite file. Fix: give the path of the application's existing database file, or a postgres:// URL.`);
  }
  return { dialect: "sqlite", file, shown: given };
}

/** Opens (initializes) a DataSource of the toolkit's own on the database; no migrations run. */
export async function openDatabase(location: DatabaseLocation): Promise<DataSource> {
  const options = location.dialect === "postgres" ? postgresOptions(location.url, 2) : sqliteOptions(location.file);
  const db = new DataSource({ ...options, migrations: [], entities: [] } as ConstructorParameters<typeof DataSource>[0]);
  try {
    await db.initialize();
  } catch (err) {
    throw new CdcError(CDC_ERROR_CODES.databaseLocation, `Cannot open ${location.shown}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return db;
}
