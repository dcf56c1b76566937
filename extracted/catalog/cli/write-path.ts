import "reflect-metadata";
import { existsSync } from "node:fs";
import type { WritePath } from "../../../cdc";
import { readCatalogConfig } from "../config";
import { createCatalogDataSource, openCatalogDatabase } from "../data-source";
import { catalogWritePath, openMonolithTarget } from "../sync";

/** The proxy route group of the catalog's write routes (found by `strangler cutover` by convention). */
export { WRITE_GROUP } from "../sync";

/**
 * The catalog's write path for `strangler cutover catalog` and `strangler verify catalog`: opens the
 * monolith's and the catalog's databases (migrated: ownership, write fence and consumer tables
 * present). `env` is the operator's environment (STRANGLER_DATA_DIR), read through the catalog's
 * config (the process's own when omitted).
 */
export async function openWritePath(env?: NodeJS.ProcessEnv): Promise<WritePath> {
  const config = readCatalogConfig(env);
  // Opening would create empty files (and then fail on missing tables): say where we looked instead.
  for (const path of [config.monolithDatabasePath, config.databasePath]) {
    if (!existsSync(path)) throw new Error(`No database at ${path}: set STRANGLER_DATA_DIR to the data folder of the running stack (npm start uses ./.strangler).`);
  }
  const catalog = createCatalogDataSource(config.databasePath);
  await openCatalogDatabase(catalog);
  let monolith;
  try {
    monolith = await openMonolithTarget(config.monolithDatabasePath);
  } catch (err) {
    await catalog.destroy();
    throw err;
  }
  const opened = monolith;
  return catalogWritePath(opened, catalog, async () => {
    await opened.destroy();
    await catalog.destroy();
  });
}
