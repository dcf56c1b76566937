import { DataSource, type DataSourceOptions } from "typeorm";
import { CDC_ERROR_CODES, CdcError } from "../core/errors";

interface RawSqlite {
  pragma(statement: string): unknown;
}

export interface OwnConnectionOptions {
  /**
   * SQLite: a commit on this connection checkpoints the WAL once it holds this many pages (SQLite's
   * default: 1000). See `StartConsumerOptions.walAutocheckpointPages`.
   */
  walAutocheckpointPages?: number;
}

/**
 * A connection of the library's own to the database `db` points at. TypeORM's better-sqlite3
 * driver gives every caller of a DataSource the same single connection, so a relay sharing the
 * application's DataSource would read rows of a transaction still open (and maybe rolled back
 * later), and a consumer's transaction would nest into the application's. With its own
 * connection (WAL), the library sees committed data only. `busyTimeoutMs` is kept short: a
 * better-sqlite3 wait for the write lock blocks the whole Node process.
 */
export async function openOwnConnection(db: DataSource, busyTimeoutMs: number, settings: OwnConnectionOptions = {}): Promise<DataSource> {
  const options = db.options as DataSourceOptions & { database?: unknown; prepareDatabase?: (raw: RawSqlite) => void };
  if (options.type === "better-sqlite3" && (options.database === ":memory:" || options.database === "")) {
    throw new CdcError(CDC_ERROR_CODES.needsFileDatabase, "Change capture needs a database file: an in-memory SQLite database cannot be opened a second time.");
  }
  const sqlite =
    options.type === "better-sqlite3"
      ? {
          prepareDatabase: (raw: RawSqlite) => {
            options.prepareDatabase?.(raw);
            raw.pragma(`busy_timeout = ${busyTimeoutMs}`);
            if (settings.walAutocheckpointPages !== undefined) raw.pragma(`wal_autocheckpoint = ${Math.max(0, Math.floor(settings.walAutocheckpointPages))}`);
          },
        }
      : {};
  const own = new DataSource({ ...options, ...sqlite, migrations: [], migrationsRun: false, synchronize: false, dropSchema: false } as DataSourceOptions);
  await own.initialize();
  return own;
}
