import type { QueryRunner } from "typeorm";
import { CdcError } from "../core/errors";

/*
 * FROZEN. Migrations import this file, and an old migration must install the same SQL forever:
 * never change what these functions emit (sqlite-write-fence-v1.test.ts pins it). A better design
 * goes into a new file, sqlite-write-fence-v2.ts, used by new migrations only.
 */

/** Table of fence rows: a row for a table refuses every local write to it (write-fence.ts sets and lifts them). */
export const WRITE_FENCE_TABLE = "_strangler_write_fence";

const CONTEXT = "_strangler_capture_context";
// The literal platform's WRITE_FENCED_MARK matches (a test compares them; this file stays self-contained).
const MARK = "STRANGLER_WRITE_FENCED";
const EVENTS = ["insert", "update", "delete"] as const;

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;
const triggerName = (table: string, event: string): string => ident(`_strangler_fence_${table}_${event}`);

/** The versioned SQL generator of the SQLite write fence. Pure: same input, same statements, forever. */
export const sqliteWriteFenceV1 = Object.freeze({
  version: 1,

  /** The fence table: one row per fenced table. */
  createTable(): string[] {
    return [`CREATE TABLE IF NOT EXISTS ${ident(WRITE_FENCE_TABLE)} ("table_name" TEXT PRIMARY KEY, "fenced_at" TEXT NOT NULL, "reason" TEXT)`];
  },

  dropTable(): string[] {
    return [`DROP TABLE IF EXISTS ${ident(WRITE_FENCE_TABLE)}`];
  },

  /**
   * BEFORE INSERT/UPDATE/DELETE triggers: while the table has a fence row, a write outside a sync
   * writer's transaction (capture origin NULL) aborts with the mark in its message.
   */
  createTriggers(table: string): string[] {
    const message = `${MARK}: writes to "${table}" are fenced: this database does not own them now`;
    const when =
      `EXISTS (SELECT 1 FROM ${ident(WRITE_FENCE_TABLE)} WHERE "table_name" = ${literal(table)}) ` +
      `AND (SELECT "origin" FROM ${ident(CONTEXT)} WHERE "id" = 1) IS NULL`;
    return EVENTS.map(
      (event) =>
        `CREATE TRIGGER ${triggerName(table, event)} BEFORE ${event.toUpperCase()} ON ${ident(table)} FOR EACH ROW WHEN ${when} BEGIN ` +
        `SELECT RAISE(ABORT, ${literal(message)}); END`,
    );
  },

  dropTriggers(table: string): string[] {
    return EVENTS.map((event) => `DROP TRIGGER IF EXISTS ${triggerName(table, event)}`);
  },
});

async function hasTable(runner: QueryRunner, table: string): Promise<boolean> {
  const rows = (await runner.query(`SELECT 1 AS "found" FROM "sqlite_master" WHERE "type" = 'table' AND "name" = ?`, [table])) as unknown[];
  return rows.length > 0;
}

/**
 * Migration helper (up): creates the fence table if missing and guards each table with the fence
 * triggers. Needs change capture installed first (the triggers read its context table).
 */
export async function installSqliteWriteFenceV1(runner: QueryRunner, tables: string[]): Promise<void> {
  if (!(await hasTable(runner, CONTEXT))) {
    throw new CdcError(
      "CDC_ERR_NOT_INSTALLED",
      `Cannot install the write fence: this database has no change capture (no "${CONTEXT}"). Run the migration that calls installSqliteCaptureV1 first.`,
    );
  }
  for (const table of tables) {
    if (!(await hasTable(runner, table))) throw new CdcError("CDC_ERR_CAPTURE_TABLE", `Cannot fence table "${table}": it does not exist. Run the migration that creates it first.`);
  }
  for (const statement of sqliteWriteFenceV1.createTable()) await runner.query(statement);
  for (const table of tables) for (const statement of sqliteWriteFenceV1.createTriggers(table)) await runner.query(statement);
}

/**
 * Migration helper (down): removes the tables' fence triggers and their fence rows; drops the fence
 * table once no fence trigger is left (another migration may still guard other tables with it).
 */
export async function uninstallSqliteWriteFenceV1(runner: QueryRunner, tables: string[]): Promise<void> {
  for (const table of tables) for (const statement of sqliteWriteFenceV1.dropTriggers(table)) await runner.query(statement);
  if (!(await hasTable(runner, WRITE_FENCE_TABLE))) return;
  for (const table of tables) await runner.query(`DELETE FROM ${ident(WRITE_FENCE_TABLE)} WHERE "table_name" = ?`, [table]);
  const left = (await runner.query(`SELECT 1 AS "found" FROM "sqlite_master" WHERE "type" = 'trigger' AND "name" GLOB '_strangler_fence_*'`)) as unknown[];
  if (left.length === 0) for (const statement of sqliteWriteFenceV1.dropTable()) await runner.query(statement);
}
