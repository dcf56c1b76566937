import { CreateCatalogSchema1764300000000 } from "./1764300000000-create-catalog-schema";
import { InstallSyncTables1764300000001 } from "./1764300000001-install-sync-tables";

/** Migrations of the catalog service's database (catalog.sqlite), oldest first. Append new ones at the end. */
export const catalogMigrations = [CreateCatalogSchema1764300000000, InstallSyncTables1764300000001];
