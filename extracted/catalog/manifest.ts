import { SYNC_STATUS_PATH, type ServiceManifest } from "../../contracts";
import { readCatalogConfig } from "./config";
import { MOVED_TABLES, WRITE_GROUP } from "./sync/write-group";

/** The catalog as the tools find it (`npm start`, the CLI): docs/adding-an-extracted-service.md. */
export const manifest: ServiceManifest = {
  name: "catalog",
  portVariable: "CATALOG_PORT",
  settings: (env) => {
    const config = readCatalogConfig(env);
    return { port: config.port, databasePath: config.database };
  },
  writeGroups: [WRITE_GROUP],
  movedTables: MOVED_TABLES,
  syncStatusPath: SYNC_STATUS_PATH,
  syncSummary: "the monolith's database → CDC_MONOLITH → catalog.sqlite, and back: catalog.sqlite → CDC_CATALOG → the monolith's database (applied only while the catalog owns catalog-writes)",
};
