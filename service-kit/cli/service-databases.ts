import type { DataSource } from "typeorm";

/** Where a service's command finds its databases: what the service's own config reads from the environment. */
export interface ServiceDatabases {
  /** STRANGLER_DATA_DIR (created when missing). */
  dataDir: string;
  /** The service's own database file. */
  database: string;
  /** The monolith's database: its SQLite file, or its PostgreSQL URL (MONOLITH_DATABASE_URL). */
  monolithDatabase: string;
  /** Opens and migrates the service's database. */
  open(databasePath: string): Promise<DataSource>;
}

/**
 * A service's databases from its config (`dataDir`, `databasePath`, `monolithDatabase`) and how it
 * builds and migrates its DataSource.
 */
export function serviceDatabases(
  config: Pick<ServiceDatabases, "dataDir" | "database" | "monolithDatabase">,
  create: (databasePath: string) => DataSource,
  migrate: (db: DataSource) => Promise<unknown>,
): ServiceDatabases {
  return {
    dataDir: config.dataDir,
    database: config.database,
    monolithDatabase: config.monolithDatabase,
    open: async (path) => {
      const db = create(path);
      await migrate(db);
      return db;
    },
  };
}
