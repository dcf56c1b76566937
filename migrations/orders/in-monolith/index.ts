import { InstallReverseSyncTables1764970000100 } from "./1764970000100-install-reverse-sync-tables";
import { InstallWriteFence1764970000101 } from "./1764970000101-install-write-fence";
import { InstallApplyJournal1764970000102 } from "./1764970000102-install-apply-journal";
import { InstallDiscardedChanges1764970000103 } from "./1764970000103-install-discarded-changes";

/**
 * Migrations the orders service runs in the monolith's database, oldest first, tracked in
 * `REVERSE_SYNC_MIGRATIONS_TABLE` (not the monolith's own migrations table). Append new ones at the end.
 */
export const ordersReverseSyncMigrations = [InstallReverseSyncTables1764970000100, InstallWriteFence1764970000101, InstallApplyJournal1764970000102, InstallDiscardedChanges1764970000103];

/** Migrations table of the list above in monolith.sqlite. */
export const REVERSE_SYNC_MIGRATIONS_TABLE = "_orders_reverse_sync_migrations";
