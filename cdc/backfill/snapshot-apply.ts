import type { EntityManager } from "typeorm";
import type { ChangeEvent, Row } from "../../contracts";
import { APPLIED_POSITIONS_TABLE as APPLIED } from "../sqlite/consumer-tables-v1";
import { runSql } from "../sqlite/sql-text";
import { keyText } from "../core/keys";
import type { Mapping } from "../consumer/mapping";
import { UnmappedTableError } from "./unmapped-table-error";

export interface SnapshotRow {
  source: string;
  table: string;
  /** The row's primary key, e.g. `{ id: 7 }`. */
  key: Row;
  /** The row as read from the source, or null when the source has no such row (any more). */
  row: Row | null;
  /** Log position read before the row was: everything at or below it is in `row`. */
  position: number;
  /**
   * For a row the source no longer has: what is known of it (at least its key columns), handed to
   * the mapping's delete as the change's `before` — a mapping that finds the target row by another
   * column than the key reads it there.
   */
  before?: Row | null;
  /**
   * The key's stored position (null: none), when the caller has read it already in this
   * transaction — the backfill reads a whole chunk's at once (readStoredPositions). Absent: read here.
   */
  storedPosition?: number | null;
}

/** What happened to one snapshot row in the target. */
export type SnapshotOutcome = "written" | "deleted" | "skipped";

/**
 * Writes one row read from the source (a snapshot, not a change) through the mapping, under the
 * consumer's rule: only when no change newer than the snapshot's position was applied to that key.
 * The snapshot's position is then stored as the key's position, so a live change with a higher
 * position applied later wins, and a change at or below it (already in the snapshot) is skipped.
 * A snapshot never resurrects a deleted row: the delete either came before the read (the row is
 * absent) or after it (its position is higher, so it is applied after the snapshot).
 * Runs in the caller's transaction `tx`.
 */
export async function applySnapshotRow(tx: EntityManager, mapping: Mapping, snapshot: SnapshotRow): Promise<SnapshotOutcome> {
  const table = mapping[snapshot.table];
  if (!table) throw new UnmappedTableError(snapshot.table);
  const key = keyText(snapshot.key);
  const stored = snapshot.storedPosition !== undefined ? snapshot.storedPosition : await storedPositionOf(tx, snapshot.source, snapshot.table, key);
  if (stored !== null && stored > snapshot.position) return "skipped";
  const event = snapshotEvent(snapshot);
  if (snapshot.row) await table.upsert(snapshot.row, tx, event);
  else await table.delete(snapshot.key, tx, event);
  if (snapshot.position > 0) {
    await runSql(
      tx,
      `INSERT INTO "${APPLIED}" ("source", "table_name", "key", "position", "applied_at") VALUES (?, ?, ?, ?, ?)
         ON CONFLICT ("source", "table_name", "key") DO UPDATE SET "position" = excluded."position", "applied_at" = excluded."applied_at"`,
      [snapshot.source, snapshot.table, key, snapshot.position, new Date().toISOString()],
    );
  }
  return snapshot.row ? "written" : "deleted";
}

async function storedPositionOf(tx: EntityManager, source: string, table: string, key: string): Promise<number | null> {
  const stored = await runSql<Array<{ position: number | string }>>(tx, `SELECT "position" FROM "${APPLIED}" WHERE "source" = ? AND "table_name" = ? AND "key" = ?`, [source, table, key]);
  return stored.length > 0 ? Number(stored[0].position) : null;
}

/**
 * The mapping's third argument for a snapshot row: an `update` carrying the whole row as it is now
 * (the target may or may not have it: insert or update alike), or a `delete`, at the snapshot's position.
 */
function snapshotEvent(snapshot: SnapshotRow): ChangeEvent {
  return {
    kind: "change",
    id: `${snapshot.source}:snapshot@${snapshot.position}`,
    source: snapshot.source,
    position: Math.max(snapshot.position, 1),
    previousPosition: null,
    table: snapshot.table,
    op: snapshot.row ? "update" : "delete",
    key: snapshot.key,
    before: snapshot.row ? null : (snapshot.before ?? null),
    after: snapshot.row,
    committedAt: new Date().toISOString(),
    origin: snapshot.source,
  };
}
