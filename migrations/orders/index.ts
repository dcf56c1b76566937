import { CreateOrdersSchema1764970000000 } from "./1764970000000-create-orders-schema";
import { InstallSyncTables1764970000001 } from "./1764970000001-install-sync-tables";
import { InstallOrdersCapture1764970000002 } from "./1764970000002-install-orders-capture";
import { InstallWriteFence1764970000003 } from "./1764970000003-install-write-fence";
import { InstallOwnership1764970000004 } from "./1764970000004-install-ownership";
import { InstallApplyJournal1764970000005 } from "./1764970000005-install-apply-journal";
import { InstallDiscardedChanges1764970000006 } from "./1764970000006-install-discarded-changes";
import { InstallOrderWrites1764980000000 } from "./1764980000000-install-order-writes";
import { PostgresCaptureV21765000000200 } from "./1765000000200-postgres-capture-v2";

/** Migrations of the orders service's database (orders.sqlite, or PostgreSQL with ORDERS_DATABASE_URL), oldest first; each runs on both. Append new ones at the end. */
export const ordersMigrations = [
  CreateOrdersSchema1764970000000,
  InstallSyncTables1764970000001,
  InstallOrdersCapture1764970000002,
  InstallWriteFence1764970000003,
  InstallOwnership1764970000004,
  InstallApplyJournal1764970000005,
  InstallDiscardedChanges1764970000006,
  InstallOrderWrites1764980000000,
  PostgresCaptureV21765000000200,
];
