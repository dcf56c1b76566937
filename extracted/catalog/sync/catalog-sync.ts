import type { KeyValue } from "../../../cdc";
import { catalogReverseSyncMigrations, REVERSE_SYNC_MIGRATIONS_TABLE } from "../../../migrations/catalog/in-monolith";
import type { ServiceSync } from "../../../service-kit";
import { catalogId } from "../domain/catalog-ids";
import { catalogMapping } from "./catalog-mapping";
import { BACKFILL_TABLES, VERIFIED_TABLES } from "./catalog-tables";
import { reverseMapping } from "./reverse/reverse-mapping";
import { MOVED_TABLES, WRITE_GROUP } from "./write-group";

const KIND: Record<string, "category" | "product"> = { categories: "category", products: "product" };

/**
 * The catalog's sync as the service kit runs it: monolith.sqlite → CDC_MONOLITH → catalog.sqlite
 * (consumer `catalog-from-monolith`), and once the catalog owns `catalog-writes`, catalog.sqlite →
 * CDC_CATALOG → monolith.sqlite (consumer `monolith-from-catalog`).
 */
export const catalogSync: ServiceSync = Object.freeze({
  service: "catalog",
  writeGroup: WRITE_GROUP,
  movedTables: MOVED_TABLES,
  forward: { mapping: catalogMapping, backfillTables: BACKFILL_TABLES, verifiedTables: VERIFIED_TABLES },
  reverse: {
    mapping: reverseMapping,
    serviceKeyOf: (table: string, legacyId: KeyValue) => ({ id: catalogId(KIND[table], Number(legacyId)) }),
  },
  inMonolith: { migrations: catalogReverseSyncMigrations, migrationsTable: REVERSE_SYNC_MIGRATIONS_TABLE },
});
