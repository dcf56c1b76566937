import type { DataSource } from "typeorm";
import { changeLogLayoutOf, runSql, type Mapping } from "../../cdc";
import { assertHistory, type AppliedChange, type SourceChange } from "../../cdc/testing";

const HISTORY = "_test_applied_changes";

/**
 * Creates the table a recording mapping writes to, in the target database (SQLite or PostgreSQL).
 * `seq` numbers the records in the order they were written: the consumer applies one batch at a
 * time on one connection, so that is its commit order on both.
 */
export async function createHistoryTable(target: DataSource): Promise<void> {
  const seq = target.options.type === "postgres" ? `"seq" BIGSERIAL PRIMARY KEY` : `"seq" INTEGER PRIMARY KEY AUTOINCREMENT`;
  const position = target.options.type === "postgres" ? "BIGINT" : "INTEGER";
  await target.query(`CREATE TABLE IF NOT EXISTS "${HISTORY}" (${seq}, "position" ${position} NOT NULL, "table_name" TEXT NOT NULL, "key" TEXT NOT NULL)`);
}

/**
 * Wraps a mapping so every application is also written to the history table in the same target
 * transaction: a rolled-back batch leaves no record, so the history is what the target committed.
 */
export function recordingMapping(mapping: Mapping): Mapping {
  return Object.fromEntries(
    Object.entries(mapping).map(([table, entry]) => [
      table,
      {
        async upsert(row, tx, change) {
          await entry.upsert(row, tx, change);
          await runSql(tx, `INSERT INTO "${HISTORY}" ("position", "table_name", "key") VALUES (?, ?, ?)`, [change.position, change.table, JSON.stringify(change.key)]);
        },
        async delete(key, tx, change) {
          await entry.delete(key, tx, change);
          await runSql(tx, `INSERT INTO "${HISTORY}" ("position", "table_name", "key") VALUES (?, ?, ?)`, [change.position, change.table, JSON.stringify(change.key)]);
        },
      } satisfies Mapping[string],
    ]),
  );
}

/** The applications a recording mapping committed, in commit order (a PostgreSQL bigint position read back as a number). */
export async function appliedHistory(target: DataSource): Promise<AppliedChange[]> {
  const rows: Array<{ position: number | string; table_name: string; key: string }> = await target.query(`SELECT "position", "table_name", "key" FROM "${HISTORY}" ORDER BY "seq"`);
  return rows.map((row) => ({ position: Number(row.position), table: row.table_name, key: JSON.parse(row.key) }));
}

/** One row of a captured database's change log. */
export interface LoggedRow {
  position: number;
  table: string;
  key: Record<string, unknown>;
  origin: string;
}

/**
 * Every committed row of a database's change log, in position order: `_strangler_changes` on
 * SQLite, `strangler.changes` on PostgreSQL (whose bigint positions pg answers as strings).
 */
export async function changeLogRows(db: DataSource): Promise<LoggedRow[]> {
  const rows: Array<{ position: number | string; table_name: string; pk: string; origin: string }> = await db.query(
    `SELECT "position", "table_name", "pk", "origin" FROM ${changeLogLayoutOf(db).changes} WHERE "position" IS NOT NULL ORDER BY "position"`,
  );
  return rows.map((row) => ({ position: Number(row.position), table: row.table_name, key: JSON.parse(row.pk), origin: row.origin }));
}

/** The source changes a consumer must apply: mapped tables, above its start, not from its own database. */
export function expectedChanges(log: readonly LoggedRow[], options: { tables: readonly string[]; above: number; ownOrigin: string }): SourceChange[] {
  return log
    .filter((row) => options.tables.includes(row.table) && row.position > options.above && row.origin !== options.ownOrigin)
    .map((row) => ({ position: row.position, table: row.table, key: row.key }));
}

/**
 * The history checker of cdc/testing on one direction of sync: every change of `log` the consumer
 * had to apply (see expectedChanges) was committed in `target` exactly once, in order per row.
 */
export async function assertAppliedOnce(log: readonly LoggedRow[], target: DataSource, options: { tables: readonly string[]; above: number; ownOrigin: string }): Promise<void> {
  const expected = expectedChanges(log, options);
  if (expected.length === 0) throw new Error("no change to check: the history would pass vacuously");
  assertHistory(expected, await appliedHistory(target));
}
