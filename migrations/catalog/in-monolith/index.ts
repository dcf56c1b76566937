import { InstallReverseSyncTables1764400000100 } from "./1764400000100-install-reverse-sync-tables";
import { InstallWriteFence1764500000100 } from "./1764500000100-install-write-fence";
import { UpgradeWriteFence1764600000100 } from "./1764600000100-upgrade-write-fence";
import { InstallApplyJournal1764600000101 } from "./1764600000101-install-apply-journal";
import { InstallDiscardedChanges1764700000110 } from "./1764700000110-install-discarded-changes";

/**
 * Migrations the catalog's reverse sync runs in the monolith's database, oldest first, tracked in
 * `REVERSE_SYNC_MIGRATIONS_TABLE` (not the monolith's own migrations table). Append new ones at the end.
 */
export const catalogReverseSyncMigrations = [InstallReverseSyncTables1764400000100, InstallWriteFence1764500000100, UpgradeWriteFence1764600000100, InstallApplyJournal1764600000101, InstallDiscardedChanges1764700000110];

/** Migrations table of the list above in monolith.sqlite. */
export const REVERSE_SYNC_MIGRATIONS_TABLE = "_catalog_reverse_sync_migrations";
