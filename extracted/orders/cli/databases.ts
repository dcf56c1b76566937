import { serviceDatabases, type ServiceDatabases } from "../../../service-kit";
import { readOrdersConfig } from "../config";
import { createOrdersDataSource, openOrdersDatabase } from "../data-source";

/** The orders service's databases as its config reads them from `env` (the process's own when omitted). */
export function ordersDatabases(env?: NodeJS.ProcessEnv): ServiceDatabases {
  return serviceDatabases(readOrdersConfig(env), createOrdersDataSource, openOrdersDatabase);
}
