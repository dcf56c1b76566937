import type { QueryRunner } from "typeorm";
import { CdcError } from "../core/errors";

/*
 * FROZEN. Migrations import this file, and an old migration must install the same SQL forever:
 * never change what these functions emit (sqlite-capture-v1.test.ts pins it). A better design
 * goes into a new file, sqlite-capture-v2.ts, used by new migrations only.
 */

/** Shape of one captured table, resolved from the schema when the migration runs. */
export interface CapturedTableShape {
  table: string;
  /** Primary-key columns in key order. */
  primaryKey: string[];
  /** Columns, in table order, that the change rows carry (excluded columns already removed). */
  columns: string[];
  /** True when some columns are excluded: the update trigger then fires only for the others. */
  hasExcludedColumns: boolean;
}

const LOG = "_strangler_changes";
const CONTEXT = "_strangler_capture_context";

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;
const triggerName = (table: string, event: string): string => ident(`_strangler_capture_${table}_${event}`);

function jsonOf(columns: string[], row: "NEW" | "OLD"): string {
  return `json_object(${columns.map((column) => `${literal(column)}, ${row}.${ident(column)}`).join(", ")})`;
}

function logInsert(shape: CapturedTableShape, op: "insert" | "update" | "delete", keyRow: "NEW" | "OLD", before: string, after: string, withRequestId = false): string {
  const pk = jsonOf(shape.primaryKey, keyRow);
  return (
    `INSERT INTO ${ident(LOG)} ("table_name", "op", "pk", "previous_position", "old_row", "new_row", "committed_at", "origin"${withRequestId ? `, "request_id"` : ""}) ` +
    `VALUES (${literal(shape.table)}, '${op}', ${pk}, ` +
    `(SELECT MAX("position") FROM ${ident(LOG)} WHERE "table_name" = ${literal(shape.table)} AND "pk" = ${pk}), ` +
    `${before}, ${after}, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ` +
    `(SELECT COALESCE("origin", "source") FROM ${ident(CONTEXT)} WHERE "id" = 1)` +
    (withRequestId ? `, (SELECT "request_id" FROM ${ident(CONTEXT)} WHERE "id" = 1)` : "") +
    `);`
  );
}

function sameKey(shape: CapturedTableShape): string {
  return shape.primaryKey.map((column) => `OLD.${ident(column)} IS NEW.${ident(column)}`).join(" AND ");
}

/** Condition of a write made by the database's own users (no sync applier marked it with an origin). */
const LOCAL_WRITE = `(SELECT "origin" FROM ${ident(CONTEXT)} WHERE "id" = 1) IS NULL`;

/**
 * The capture triggers of one table: AFTER INSERT/UPDATE/DELETE (an update that changes the key
 * logs a delete and an insert). `localOnly` (v2) leaves out writes a sync applier made (its
 * transaction carries a capture origin): such a database logs only what its own users wrote;
 * `requestId` (v3) also logs the capture context's `request_id`. Shared by the frozen generators;
 * each pins its output in a test.
 */
export function captureTriggersSql(shape: CapturedTableShape, options: { localOnly: boolean; requestId?: boolean }): string[] {
  const on = ident(shape.table);
  const updateOf = shape.hasExcludedColumns ? ` OF ${shape.columns.map(ident).join(", ")}` : "";
  const also = options.localOnly ? ` AND ${LOCAL_WRITE}` : "";
  const when = options.localOnly ? ` WHEN ${LOCAL_WRITE}` : "";
  const log = (op: "insert" | "update" | "delete", keyRow: "NEW" | "OLD", before: string, after: string) => logInsert(shape, op, keyRow, before, after, options.requestId);
  return [
    `CREATE TRIGGER ${triggerName(shape.table, "insert")} AFTER INSERT ON ${on} FOR EACH ROW${when} BEGIN ` +
      `${log("insert", "NEW", "NULL", jsonOf(shape.columns, "NEW"))} END`,
    `CREATE TRIGGER ${triggerName(shape.table, "update")} AFTER UPDATE${updateOf} ON ${on} FOR EACH ROW WHEN ${sameKey(shape)}${also} BEGIN ` +
      `${log("update", "NEW", jsonOf(shape.columns, "OLD"), jsonOf(shape.columns, "NEW"))} END`,
    `CREATE TRIGGER ${triggerName(shape.table, "rekey")} AFTER UPDATE${updateOf} ON ${on} FOR EACH ROW WHEN NOT (${sameKey(shape)})${also} BEGIN ` +
      `${log("delete", "OLD", jsonOf(shape.columns, "OLD"), "NULL")} ` +
      `${log("insert", "NEW", "NULL", jsonOf(shape.columns, "NEW"))} END`,
    `CREATE TRIGGER ${triggerName(shape.table, "delete")} AFTER DELETE ON ${on} FOR EACH ROW${when} BEGIN ` +
      `${log("delete", "OLD", jsonOf(shape.columns, "OLD"), "NULL")} END`,
  ];
}

/** The versioned SQL generator for SQLite capture. Pure: same input, same statements, forever. */
export const sqliteCaptureV1 = Object.freeze({
  version: 1,

  /** Change log table, its indexes, and the one-row context table read by the triggers. */
  createLog(source: string): string[] {
    return [
      `CREATE TABLE IF NOT EXISTS ${ident(LOG)} (` +
        `"position" INTEGER PRIMARY KEY AUTOINCREMENT, "table_name" TEXT NOT NULL, ` +
        `"op" TEXT NOT NULL CHECK ("op" IN ('insert', 'update', 'delete')), "pk" TEXT NOT NULL, ` +
        `"previous_position" INTEGER, "old_row" TEXT, "new_row" TEXT, "committed_at" TEXT NOT NULL, ` +
        `"origin" TEXT NOT NULL, "published" INTEGER NOT NULL DEFAULT 0)`,
      `CREATE INDEX IF NOT EXISTS "_strangler_changes_unpublished" ON ${ident(LOG)} ("position") WHERE "published" = 0`,
      `CREATE INDEX IF NOT EXISTS "_strangler_changes_row" ON ${ident(LOG)} ("table_name", "pk", "position")`,
      `CREATE TABLE IF NOT EXISTS ${ident(CONTEXT)} ("id" INTEGER PRIMARY KEY CHECK ("id" = 1), "source" TEXT NOT NULL, "origin" TEXT)`,
      `INSERT OR IGNORE INTO ${ident(CONTEXT)} ("id", "source", "origin") VALUES (1, ${literal(source)}, NULL)`,
    ];
  },

  dropLog(): string[] {
    return [`DROP TABLE IF EXISTS ${ident(CONTEXT)}`, `DROP TABLE IF EXISTS ${ident(LOG)}`];
  },

  /** AFTER INSERT/UPDATE/DELETE triggers; an update that changes the key logs a delete and an insert. */
  createTriggers(shape: CapturedTableShape): string[] {
    return captureTriggersSql(shape, { localOnly: false });
  },

  dropTriggers(table: string): string[] {
    return ["insert", "update", "rekey", "delete"].map((event) => `DROP TRIGGER IF EXISTS ${triggerName(table, event)}`);
  },
});

/** Which tables to capture; `exclude` lists columns that must never leave the database. */
export interface SqliteCaptureOptions {
  /** Name of this database (default origin of its changes, first part of its stream's subjects). */
  source: string;
  tables: Record<string, { exclude?: string[] }>;
}

interface TableInfoRow {
  name: string;
  type: string;
  pk: number;
}

/** Reads a table's columns now (inside the migration) and applies the exclusions. */
export async function captureShapeV1(runner: QueryRunner, table: string, exclude: string[] = []): Promise<CapturedTableShape> {
  const info = (await runner.query(`PRAGMA table_info(${ident(table)})`)) as TableInfoRow[];
  if (info.length === 0) throw new CdcError("CDC_ERR_CAPTURE_TABLE", `Cannot capture table "${table}": it does not exist. Run the migration that creates it first.`);
  const primaryKey = info.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk).map((column) => column.name);
  if (primaryKey.length === 0) throw new CdcError("CDC_ERR_CAPTURE_TABLE", `Cannot capture table "${table}": it has no primary key.`);
  const unknown = exclude.filter((column) => !info.some((row) => row.name === column));
  if (unknown.length > 0) throw new CdcError("CDC_ERR_CAPTURE_TABLE", `Cannot exclude ${unknown.join(", ")} from "${table}": no such column.`);
  const excludedKey = primaryKey.filter((column) => exclude.includes(column));
  if (excludedKey.length > 0) throw new CdcError("CDC_ERR_CAPTURE_TABLE", `Cannot exclude primary-key column ${excludedKey.join(", ")} of "${table}".`);
  const blobs = info.filter((column) => /blob/i.test(column.type) && !exclude.includes(column.name)).map((column) => column.name);
  if (blobs.length > 0) throw new CdcError("CDC_ERR_CAPTURE_TABLE", `Cannot capture BLOB column ${blobs.join(", ")} of "${table}" (JSON cannot hold it, and every write would fail): exclude it.`);
  const columns = info.map((column) => column.name).filter((column) => !exclude.includes(column));
  return { table, primaryKey, columns, hasExcludedColumns: exclude.length > 0 };
}

/** Migration helper (up): creates the change log if missing and installs triggers on each table. */
export async function installSqliteCaptureV1(runner: QueryRunner, options: SqliteCaptureOptions): Promise<void> {
  for (const statement of sqliteCaptureV1.createLog(options.source)) await runner.query(statement);
  for (const [table, settings] of Object.entries(options.tables)) {
    const shape = await captureShapeV1(runner, table, settings.exclude);
    for (const statement of sqliteCaptureV1.createTriggers(shape)) await runner.query(statement);
  }
}

/** Migration helper (down): removes the triggers; with `dropLog` also the change log tables. */
export async function uninstallSqliteCaptureV1(runner: QueryRunner, options: { tables: string[]; dropLog?: boolean }): Promise<void> {
  for (const table of options.tables) for (const statement of sqliteCaptureV1.dropTriggers(table)) await runner.query(statement);
  if (options.dropLog) for (const statement of sqliteCaptureV1.dropLog()) await runner.query(statement);
}
