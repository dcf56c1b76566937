import type { ServiceDatabases } from "../../../service-kit";
import { readOrdersConfig } from "../config";
import { createOrdersDataSource, openOrdersDatabase } from "../data-source";

/** The orders service's databases as its config reads them from `env` (the process's own when omitted). */
export function ordersDatabases(env?: NodeJS.ProcessEnv): ServiceDatabases {
  const config = readOrdersConfig(env);
  return {
    dataDir: config.dataDir,
    databasePath: config.databasePath,
    monolithDatabasePath: config.monolithDatabasePath,
    open: async (path) => {
      const db = createOrdersDataSource(path);
      await openOrdersDatabase(db);
      return db;
    },
  };
}
