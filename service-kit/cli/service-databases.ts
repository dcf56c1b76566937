import type { DataSource } from "typeorm";

/** Where a service's command finds its databases: what the service's own config reads from the environment. */
export interface ServiceDatabases {
  /** STRANGLER_DATA_DIR (created when missing). */
  dataDir: string;
  /** The service's own database file. */
  databasePath: string;
  /** The monolith's database file. */
  monolithDatabasePath: string;
  /** Opens and migrates the service's database. */
  open(databasePath: string): Promise<DataSource>;
}
