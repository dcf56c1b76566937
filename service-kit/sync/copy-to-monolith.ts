import type { DataSource } from "typeorm";
import { applySnapshotRow, currentPosition, runSql, setCaptureOrigin, UnmappedTableError, type KeyValue } from "../../cdc";
import type { ServiceSync } from "./service-sync";

/**
 * Repair while the SERVICE owns the writes: copies the service's rows of `keys` (legacy ids per
 * table) into the monolith through the reverse mapping, as the reverse consumer would — each in
 * one monolith transaction marked with the service's origin (it passes the monolith's write fence,
 * and the forward sync only records it), under the consumer's position rule (a newer change the
 * reverse consumer applied meanwhile is kept). A row the service no longer has is deleted.
 */
export async function repairMonolithFromService(sync: ServiceSync, monolith: DataSource, db: DataSource, keys: Readonly<Record<string, readonly KeyValue[]>>): Promise<string[]> {
  const repaired: string[] = [];
  for (const [table, legacyIds] of Object.entries(keys)) {
    if (!sync.movedTables.includes(table) || !sync.reverse.mapping[table]) throw new UnmappedTableError(table);
    for (const legacyId of legacyIds) {
      const position = await currentPosition(db);
      const [row] = await runSql<Array<Record<string, unknown>>>(db, `SELECT * FROM "${table}" WHERE "legacy_id" = ?`, [legacyId]);
      const key = sync.reverse.serviceKeyOf(table, legacyId);
      const outcome = await monolith.transaction(async (tx) => {
        await setCaptureOrigin(tx, sync.service);
        const applied = await applySnapshotRow(tx, sync.reverse.mapping, { source: sync.service, table, key, row: row ?? null, before: { ...key, legacy_id: legacyId }, position });
        await setCaptureOrigin(tx, null);
        return applied;
      });
      repaired.push(`${table} ${legacyId}: ${outcome} in the monolith`);
    }
  }
  return repaired;
}
