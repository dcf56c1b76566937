import { CreateCatalogSchema1764300000000 } from "./1764300000000-create-catalog-schema";
import { InstallSyncTables1764300000001 } from "./1764300000001-install-sync-tables";
import { CreateWriteBookkeeping1764400000000 } from "./1764400000000-create-write-bookkeeping";
import { InstallCatalogCapture1764400000001 } from "./1764400000001-install-catalog-capture";
import { InstallWriteFence1764500000000 } from "./1764500000000-install-write-fence";
import { CaptureLocalWritesOnly1764600000000 } from "./1764600000000-capture-local-writes-only";
import { InstallOwnership1764600000001 } from "./1764600000001-install-ownership";
import { InstallApplyJournal1764600000002 } from "./1764600000002-install-apply-journal";
import { CaptureRequestIds1764700000000 } from "./1764700000000-capture-request-ids";
import { InstallDiscardedChanges1764700000010 } from "./1764700000010-install-discarded-changes";
import { PostgresCaptureV21765000000100 } from "./1765000000100-postgres-capture-v2";

/** Migrations of the catalog service's database (catalog.sqlite), oldest first. Append new ones at the end. */
export const catalogMigrations = [
  CreateCatalogSchema1764300000000,
  InstallSyncTables1764300000001,
  CreateWriteBookkeeping1764400000000,
  InstallCatalogCapture1764400000001,
  InstallWriteFence1764500000000,
  CaptureLocalWritesOnly1764600000000,
  InstallOwnership1764600000001,
  InstallApplyJournal1764600000002,
  CaptureRequestIds1764700000000,
  InstallDiscardedChanges1764700000010,
  PostgresCaptureV21765000000100,
];
