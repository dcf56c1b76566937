import type { DataSourceOptions } from "typeorm";
import { privateSqliteFiles } from "./private-files";

/**
 * TypeORM options shared by every SQLite database of the project (TypeORM 1.x drives SQLite
 * through better-sqlite3). WAL lets readers run beside the writer; busy_timeout makes a second
 * process wait for the write lock instead of failing; foreign keys are on. The file is made 0600
 * before WAL is switched on, so its -wal and -shm (SQLite gives them the database's mode) are too.
 */
export function sqliteOptions(database: string): DataSourceOptions {
  return {
    type: "better-sqlite3",
    database,
    enableWAL: true,
    synchronize: false,
    migrationsRun: false,
    logging: false,
    prepareDatabase: (db: { pragma: (statement: string) => unknown; name?: string; memory?: boolean; readonly?: boolean }) => {
      if (!db.memory && !db.readonly && db.name) privateSqliteFiles(db.name);
      db.pragma("busy_timeout = 5000");
      db.pragma("foreign_keys = ON");
    },
  } as DataSourceOptions;
}
