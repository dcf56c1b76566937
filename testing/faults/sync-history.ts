import type { DataSource } from "typeorm";
import { changeLogLayoutOf, runSql } from "../../cdc";
import { checkHistory, type AppliedChange, type HistoryReport, type SourceChange } from "../../cdc/testing";
import type { RepairRuns } from "./repair-runs";

/** One direction of sync, as the history check reads it from the databases. */
export interface Direction {
  name: string;
  /** The source database and its change log (SQLite `_strangler_changes`, PostgreSQL `strangler.changes`). */
  source: DataSource;
  /** The target database and its apply journal (`_strangler_apply_journal`, either dialect). */
  target: DataSource;
  /** The capture source name: the journal's `source` column. */
  sourceName: string;
  /** The tables the consumer maps. */
  tables: readonly string[];
  /** The consumer starts above this position (the forward one above its backfill's start). */
  above: number;
  /** Changes of this origin came from the target itself: the consumer only records them. */
  targetOrigin: string;
  /** The field of the change-log row's JSON that holds the row's legacy id (for matching repairs): `pk` `id`, or `new_row`/`old_row` `legacy_id`. */
  legacyId: { from: "pk" | "row"; field: string };
}

/** A text column's JSON field as text, in the dialect of `db`. */
function jsonField(db: DataSource, column: string, field: string): string {
  return db.options.type === "postgres" ? `(${column})::jsonb ->> '${field}'` : `json_extract(${column}, '$.${field}')`;
}

/** The history checker's report, with the missing positions a repair snapshot can have taken apart. */
export interface DirectionHistory extends HistoryReport {
  direction: string;
  sourceChanges: number;
  applications: number;
  /** Missing from the journal, but taken by a `verify --repair` snapshot of that row (see RepairRuns). */
  explainedByRepair: number[];
  /** Missing and not explained: lost changes. */
  lost: number[];
}

interface LoggedChange extends SourceChange {
  legacyKey: string;
  committedAt: number;
}

async function sourceChanges(direction: Direction): Promise<LoggedChange[]> {
  const tables = direction.tables.map(() => "?").join(", ");
  const { source, legacyId } = direction;
  const legacyIdSql = jsonField(source, legacyId.from === "pk" ? `"pk"` : `coalesce("new_row", "old_row")`, legacyId.field);
  // PostgreSQL's log numbers a change when its transaction commits: one still without a position is not committed yet.
  const rows: Array<{ position: number | string; table_name: string; pk: string; committed_at: string; legacy_id: number | string | null }> = await runSql(
    source,
    `SELECT "position", "table_name", "pk", "committed_at", ${legacyIdSql} AS "legacy_id" FROM ${changeLogLayoutOf(source).changes}
      WHERE "position" > ? AND "table_name" IN (${tables}) AND "origin" <> ? ORDER BY "position"`,
    [direction.above, ...direction.tables, direction.targetOrigin],
  );
  return rows.map((row) => ({
    position: Number(row.position),
    table: row.table_name,
    key: JSON.parse(row.pk) as Record<string, unknown>,
    legacyKey: `${row.table_name} ${row.legacy_id}`,
    committedAt: Date.parse(row.committed_at),
  }));
}

async function applied(direction: Direction): Promise<AppliedChange[]> {
  const rows: Array<{ position: number | string; table_name: string; key: string }> = await runSql(
    direction.target,
    `SELECT "position", "table_name", "key" FROM "_strangler_apply_journal" WHERE "source" = ? ORDER BY "seq"`,
    [direction.sourceName],
  );
  return rows.map((row) => ({ position: Number(row.position), table: row.table_name, key: JSON.parse(row.key) as Record<string, unknown> }));
}

/**
 * The history checker of cdc/testing on one direction of real sync: every change of the source's
 * log the consumer had to apply (mapped tables, above its start, not from the target itself) is in
 * the target's apply journal exactly once, in order per row.
 */
export async function checkDirection(direction: Direction, repairs: RepairRuns): Promise<DirectionHistory> {
  const changes = await sourceChanges(direction);
  const journal = await applied(direction);
  const report = checkHistory(changes, journal);
  const byPosition = new Map(changes.map((change) => [change.position, change]));
  const explainedByRepair = report.missing.filter((position) => {
    const change = byPosition.get(position)!;
    return repairs.covering(change.legacyKey, change.committedAt) !== undefined;
  });
  const lost = report.missing.filter((position) => !explainedByRepair.includes(position));
  return {
    ...report,
    ok: lost.length + report.duplicated.length + report.unknown.length + report.outOfOrder.length + report.splitTransactions.length === 0,
    direction: direction.name,
    sourceChanges: changes.length,
    applications: journal.length,
    explainedByRepair,
    lost,
  };
}

/** Checks again until nothing is missing any more (the last changes may still be on their way) or `timeoutMs` passed. */
export async function checkDirectionSettled(direction: Direction, repairs: RepairRuns, timeoutMs: number): Promise<DirectionHistory> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const report = await checkDirection(direction, repairs);
    if (report.lost.length === 0 || Date.now() > deadline) return report;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
