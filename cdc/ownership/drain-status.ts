import { changeLogLayoutOf } from "../sqlite/change-log-layout-of";
import type { DataSource } from "typeorm";
import { runSql } from "../sqlite/sql-text";
import { APPLIED_POSITIONS_TABLE, CONSUMER_CHECKPOINTS_TABLE } from "../sqlite/consumer-tables-v1";
import { SqlParkedChanges } from "../consumer/sql-parked-changes";
import { keyText } from "../core/keys";
import type { WriteSide } from "./write-side";

/** A logged change of the source that the target has not applied (or recorded) yet. */
export interface PendingChange {
  table: string;
  key: string;
  position: number;
}

/** How far the target has taken the source's changes to the moved tables, up to one position. */
export interface DrainStatus {
  /** The source position the drain waits for. */
  through: number;
  drained: boolean;
  /** Rows whose latest change up to `through` the target has not applied or recorded yet. */
  pending: PendingChange[];
  /**
   * Changes up to `through` above the source relay's published-through (read from its progress
   * file through `from.publishedThrough`): not yet acknowledged by the broker. Null when the side
   * gives no `publishedThrough`.
   */
  unpublished: number | null;
  /** Changes of the moved tables the target's consumer parked: they never drain by waiting. */
  parked: PendingChange[];
}

const CHUNK = 400;

/**
 * Compares, by position, the source's change log with the target's applied positions: for every
 * row of the moved tables changed after the target's consumer started (its backfill's start) and
 * up to `through`, the target must hold that row's position or a later one. Exact, whatever else
 * the source logs meanwhile (changes of other tables, later positions).
 *
 * `candidates` narrows the check to rows found pending before (the log up to `through` never
 * changes, so a row once taken stays taken): the first call reads the whole range, the next ones
 * only what was missing. `after` skips positions already known drained (an earlier drain's
 * `through`): a row changed again after it has a later latest position and is still checked.
 */
export async function drainStatus(from: WriteSide, to: WriteSide, through: number, candidates?: readonly PendingChange[], after = 0): Promise<DrainStatus> {
  const start = Math.max(await consumerStart(to.db, from.name), after);
  const latest = candidates ?? (await latestChanges(from.db, from.tables, start, through));
  const pending: PendingChange[] = [];
  for (let offset = 0; offset < latest.length; offset += CHUNK) {
    const chunk = latest.slice(offset, offset + CHUNK);
    const taken = await appliedPositions(to.db, from.name, chunk);
    for (const change of chunk) if ((taken.get(`${change.table} ${change.key}`) ?? 0) < change.position) pending.push(change);
  }
  const unpublished = await unpublishedUpTo(from, through);
  const parked = await parkedOnTheWay(from, to);
  return { through, drained: pending.length === 0 && parked.length === 0, pending, unpublished, parked };
}

/** Changes of the source's log above its relay's published-through and up to `through` (read-only). */
async function unpublishedUpTo(from: WriteSide, through: number): Promise<number | null> {
  if (!from.publishedThrough) return null;
  const published = await from.publishedThrough();
  if (published >= through) return 0;
  const [row] = await runSql<Array<{ count: number | string }>>(from.db, `SELECT COUNT(*) AS "count" FROM ${changeLogLayoutOf(from.db).changes} WHERE "position" > ? AND "position" <= ?`, [published, through]);
  return Number(row.count);
}

async function consumerStart(target: DataSource, source: string): Promise<number> {
  const [row] = await runSql<Array<{ start: number | string | null }>>(target, `SELECT MIN("start_position") AS "start" FROM "${CONSUMER_CHECKPOINTS_TABLE}" WHERE "source" = ?`, [source]);
  return Number(row?.start ?? 0);
}

async function latestChanges(source: DataSource, tables: readonly string[], after: number, through: number): Promise<PendingChange[]> {
  if (tables.length === 0) return [];
  const rows = await runSql<Array<{ table_name: string; pk: string; position: number | string }>>(
    source,
    `SELECT "table_name", "pk", MAX("position") AS "position" FROM ${changeLogLayoutOf(source).changes}
       WHERE "table_name" IN (${tables.map(() => "?").join(", ")}) AND "position" > ? AND "position" <= ?
       GROUP BY "table_name", "pk"`,
    [...tables, after, through],
  );
  return rows.map((row) => ({ table: row.table_name, key: keyText(JSON.parse(row.pk) as Record<string, unknown>), position: Number(row.position) }));
}

async function appliedPositions(target: DataSource, source: string, changes: readonly PendingChange[]): Promise<Map<string, number>> {
  const taken = new Map<string, number>();
  if (changes.length === 0) return taken;
  const rows = await runSql<Array<{ table_name: string; key: string; position: number | string }>>(
    target,
    `SELECT "table_name", "key", "position" FROM "${APPLIED_POSITIONS_TABLE}"
       WHERE "source" = ? AND ("table_name", "key") IN (VALUES ${changes.map(() => "(?, ?)").join(", ")})`,
    [source, ...changes.flatMap((change) => [change.table, change.key])],
  );
  for (const row of rows) taken.set(`${row.table_name} ${row.key}`, Number(row.position));
  return taken;
}

/** Changes of the moved tables that the target's consumer of `from` parked (they never drain by waiting). */
export async function parkedOnTheWay(from: WriteSide, to: WriteSide): Promise<PendingChange[]> {
  const parked = await new SqlParkedChanges(from.name).read(to.db, {});
  return parked.filter((change) => from.tables.includes(change.table)).map((change) => ({ table: change.table, key: change.key, position: change.position }));
}
