import { existsSync } from "node:fs";
import type { DataSource } from "typeorm";
import type { WritePath } from "../../cdc";
import { openMonolithTarget } from "../sync/monolith-databases";
import type { ServiceSync } from "../sync/service-sync";
import { serviceWritePath } from "../sync/service-write-path";
import type { ServiceDatabases } from "./service-databases";

/**
 * A service's write path for `strangler cutover <service>` and `strangler verify <service>`: opens
 * the monolith's and the service's databases (migrated: ownership, write fence and consumer tables
 * present); closing the write path closes both.
 */
export async function openServiceWritePath(sync: ServiceSync, databases: ServiceDatabases): Promise<WritePath> {
  // Opening would create empty files (and then fail on missing tables): say where we looked instead.
  for (const path of [databases.monolithDatabasePath, databases.databasePath]) {
    if (!existsSync(path)) throw new Error(`No database at ${path}: set STRANGLER_DATA_DIR to the data folder of the running stack (npm start uses ./.strangler).`);
  }
  const db = await databases.open(databases.databasePath);
  let monolith: DataSource;
  try {
    monolith = await openMonolithTarget(sync, databases.monolithDatabasePath);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return serviceWritePath(sync, monolith, db, async () => {
    await monolith.destroy();
    await db.destroy();
  });
}
