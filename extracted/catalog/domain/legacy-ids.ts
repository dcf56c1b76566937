import type { EntityManager } from "typeorm";
import { LegacyIds } from "../../../service-kit";

/** Tables whose rows carry a legacy id the catalog may hand out. */
export type LegacyIdTable = "categories" | "products";

/** The catalog's legacy ids (service kit's LegacyIds over its table `catalog_legacy_ids`). */
const catalogLegacyIds = new LegacyIds("catalog_legacy_ids");

/** The next legacy id of `table`, inside the caller's write transaction (LegacyIds.next; docs/catalog.md, "Writes"). */
export function nextLegacyId(tx: EntityManager, table: LegacyIdTable): Promise<number> {
  return catalogLegacyIds.next(tx, table);
}

/** Remembers that `legacyId` was used (called when a row is deleted, so its id is never handed out again). */
export function retireLegacyId(tx: EntityManager, table: LegacyIdTable, legacyId: number): Promise<void> {
  return catalogLegacyIds.retire(tx, table, legacyId);
}
