import { SYNC_STATUS_PATH, type ServiceManifest } from "../../contracts";
import { readOrdersConfig } from "./config";
import { MOVED_TABLES, WRITE_GROUP } from "./sync/write-group";

/** The orders service as the tools find it (`npm start`, the CLI): docs/adding-an-extracted-service.md. */
export const manifest: ServiceManifest = {
  name: "orders",
  portVariable: "ORDERS_PORT",
  settings: (env) => {
    const config = readOrdersConfig(env);
    return { port: config.port, databasePath: config.database };
  },
  writeGroups: [WRITE_GROUP],
  movedTables: MOVED_TABLES,
  syncStatusPath: SYNC_STATUS_PATH,
  syncSummary: "the monolith's database → CDC_MONOLITH → the orders database (orders.sqlite, or ORDERS_DATABASE_URL: orders, lines, and the sessions of the session bridge), and back: the orders database → CDC_ORDERS → the monolith's database (applied only while orders owns orders-writes)",
};
