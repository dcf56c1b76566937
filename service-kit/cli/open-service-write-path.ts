import { existsSync } from "node:fs";
import type { DataSource } from "typeorm";
import type { WritePath } from "../../cdc";
import { isPostgresUrl } from "../../platform";
import { monolithRelayProgressFile, openMonolithTarget, relayProgressFile } from "../sync/monolith-databases";
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
  for (const path of [databases.monolithDatabase, databases.database]) {
    if (!isPostgresUrl(path) && !existsSync(path)) throw new Error(`No database at ${path}: set STRANGLER_DATA_DIR to the data folder of the running stack (npm start uses ./.strangler).`);
  }
  const db = await databases.open(databases.database);
  let monolith: DataSource;
  try {
    monolith = await openMonolithTarget(sync, databases.monolithDatabase);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  const close = async () => {
    await monolith.destroy();
    await db.destroy();
  };
  return serviceWritePath(sync, monolith, db, close, {
    monolithRelayProgress: monolithRelayProgressFile(databases.monolithDatabase, databases.dataDir),
    serviceRelayProgress: relayProgressFile(databases.database, sync.service, databases.dataDir),
  });
}
