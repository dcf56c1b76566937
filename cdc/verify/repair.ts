import type { DataSource } from "typeorm";
import { setCaptureOrigin } from "../sqlite/capture-origin";
import { openOwnConnection } from "../sqlite/own-connection";
import type { Mapping } from "../consumer/mapping";
import { applySnapshotRow, type SnapshotOutcome } from "../backfill/snapshot-apply";
import { currentPosition, readRow } from "../backfill/source-snapshot";
import { UnmappedTableError } from "../backfill/unmapped-table-error";
import { describeDrift, type Drift } from "./drift";
import type { VerifiedTable } from "./verified-table";

export interface RepairOptions {
  source: DataSource;
  target: DataSource;
  sourceName: string;
  mapping: Mapping;
  tables: readonly VerifiedTable[];
  /** The drifted keys to re-sync (from verify). */
  drift: readonly Drift[];
  /** The target has change capture of its own: repaired rows are logged with origin `sourceName` (see BackfillOptions). */
  targetHasCapture?: boolean;
}

export interface RepairedKey {
  drift: string;
  outcome: SnapshotOutcome;
}

/**
 * Re-syncs just the drifted keys: each is read again from the source (after noting the log
 * position) and written through the mapping under the same rule as the backfill, one transaction
 * per key, so a newer live change is never overwritten and a deleted row is deleted in the target.
 */
export async function repair(options: RepairOptions): Promise<RepairedKey[]> {
  const source = await openOwnConnection(options.source, 1000);
  const target = await openOwnConnection(options.target, 5000);
  try {
    const repaired: RepairedKey[] = [];
    for (const drift of options.drift) {
      const table = options.tables.find((candidate) => candidate.table === drift.table);
      if (!table || !options.mapping[drift.table]) throw new UnmappedTableError(drift.table);
      const position = await currentPosition(source);
      const row = await readRow(source, table.table, table.key, drift.key);
      const outcome = await target.transaction(async (tx) => {
        if (options.targetHasCapture) await setCaptureOrigin(tx, options.sourceName);
        const applied = await applySnapshotRow(tx, options.mapping, { source: options.sourceName, table: table.table, key: { [table.key]: drift.key }, row, position });
        if (options.targetHasCapture) await setCaptureOrigin(tx, null);
        return applied;
      });
      repaired.push({ drift: describeDrift(drift), outcome });
    }
    return repaired;
  } finally {
    await source.destroy();
    await target.destroy();
  }
}
