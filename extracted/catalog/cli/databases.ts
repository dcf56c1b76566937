import type { ServiceDatabases } from "../../../service-kit";
import { readCatalogConfig } from "../config";
import { createCatalogDataSource, openCatalogDatabase } from "../data-source";

/** The catalog's databases as its config reads them from `env` (the process's own when omitted). */
export function catalogDatabases(env?: NodeJS.ProcessEnv): ServiceDatabases {
  const config = readCatalogConfig(env);
  return {
    dataDir: config.dataDir,
    databasePath: config.databasePath,
    monolithDatabasePath: config.monolithDatabasePath,
    open: async (path) => {
      const db = createCatalogDataSource(path);
      await openCatalogDatabase(db);
      return db;
    },
  };
}
