import { serviceDatabases, type ServiceDatabases } from "../../../service-kit";
import { readCatalogConfig } from "../config";
import { createCatalogDataSource, openCatalogDatabase } from "../data-source";

/** The catalog's databases as its config reads them from `env` (the process's own when omitted). */
export function catalogDatabases(env?: NodeJS.ProcessEnv): ServiceDatabases {
  return serviceDatabases(readCatalogConfig(env), createCatalogDataSource, openCatalogDatabase);
}
