import type { DataSource } from "typeorm";
import { applySnapshotRow, currentPosition, setCaptureOrigin, UnmappedTableError, type KeyValue } from "../../../cdc";
import { catalogId } from "../domain/catalog-ids";
import { REVERSE_SOURCE } from "./reverse/reverse-names";
import { reverseMapping } from "./reverse/reverse-mapping";

const KIND: Record<string, "category" | "product"> = { categories: "category", products: "product" };

/**
 * Repair while the CATALOG owns the writes: copies the catalog's rows of `keys` (legacy ids per
 * table) into the monolith through the reverse mapping, as the reverse consumer would — each in
 * one monolith transaction marked with the catalog's origin (it passes the monolith's write fence,
 * and the forward sync only records it), under the consumer's position rule (a newer change the
 * reverse consumer applied meanwhile is kept). A row the catalog no longer has is deleted.
 */
export async function repairMonolithFromCatalog(monolith: DataSource, catalog: DataSource, keys: Readonly<Record<string, readonly KeyValue[]>>): Promise<string[]> {
  const repaired: string[] = [];
  for (const [table, legacyIds] of Object.entries(keys)) {
    const kind = KIND[table];
    if (!kind || !reverseMapping[table as keyof typeof reverseMapping]) throw new UnmappedTableError(table);
    for (const legacyId of legacyIds) {
      const position = await currentPosition(catalog);
      const [row] = (await catalog.query(`SELECT * FROM "${table}" WHERE "legacy_id" = ?`, [legacyId])) as Array<Record<string, unknown>>;
      const key = { id: catalogId(kind, Number(legacyId)) };
      const outcome = await monolith.transaction(async (tx) => {
        await setCaptureOrigin(tx, REVERSE_SOURCE);
        const applied = await applySnapshotRow(tx, reverseMapping, { source: REVERSE_SOURCE, table, key, row: row ?? null, before: { ...key, legacy_id: legacyId }, position });
        await setCaptureOrigin(tx, null);
        return applied;
      });
      repaired.push(`${table} ${legacyId}: ${outcome} in the monolith`);
    }
  }
  return repaired;
}
