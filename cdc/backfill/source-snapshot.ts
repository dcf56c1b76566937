import type { DataSource } from "typeorm";
import type { Row } from "../../contracts";
import { changeLogLayoutOf } from "../sqlite/change-log-layout-of";
import { runSql } from "../sqlite/sql-text";

/** A primary-key value of a one-column key (integer or text). */
export type KeyValue = number | string;

/** Orders key values the way the database's `ORDER BY` does for one column type. */
export function compareKeys(a: KeyValue, b: KeyValue): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/**
 * Highest position in the source's change log. Every change at or below it is committed and
 * visible to a read that starts afterwards (SQLite has one writer and hands positions out in
 * commit order; on PostgreSQL the log's safe head, cdc/postgres/pg-horizon.ts), which makes
 * it the low watermark of the snapshot read that follows.
 */
export async function currentPosition(source: DataSource): Promise<number> {
  const layout = changeLogLayoutOf(source);
  if (layout.safeHead) return layout.safeHead(source);
  const [row] = await runSql<Array<{ position: number | string | null }>>(source, `SELECT MAX("position") AS "position" FROM ${changeLogLayoutOf(source).changes}`);
  return row?.position === null || row?.position === undefined ? 0 : Number(row.position);
}

/**
 * Rows of `table` as the change log carries them: on PostgreSQL each row is read as `to_jsonb`,
 * the same text form the capture trigger logs (timestamps as ISO text, numeric as numbers), so a
 * mapping sees one shape whether a row comes from a backfill, a verify or a change event.
 */
async function selectRows(source: DataSource, table: string, rest: string, parameters: unknown[]): Promise<Row[]> {
  if (source.options.type === "postgres") {
    const rows = await runSql<Array<{ row: Row }>>(source, `SELECT to_jsonb(t) AS "row" FROM "${table}" t ${rest}`, parameters);
    return rows.map((found) => found.row);
  }
  return runSql<Row[]>(source, `SELECT * FROM "${table}" ${rest}`, parameters);
}

/** Up to `limit` rows of `table` with a key above `after` (all when null), in key order. */
export function readChunk(source: DataSource, table: string, key: string, after: KeyValue | null, limit: number): Promise<Row[]> {
  return after === null
    ? selectRows(source, table, `ORDER BY "${key}" LIMIT ?`, [limit])
    : selectRows(source, table, `WHERE "${key}" > ? ORDER BY "${key}" LIMIT ?`, [after, limit]);
}

/** The row of `table` with that key, or null. */
export async function readRow(source: DataSource, table: string, key: string, value: KeyValue): Promise<Row | null> {
  const rows = await selectRows(source, table, `WHERE "${key}" = ?`, [value]);
  return rows[0] ?? null;
}

/** The rows of `table` with these keys (any order; missing keys are simply absent). */
export function readRows(source: DataSource, table: string, key: string, values: readonly KeyValue[]): Promise<Row[]> {
  if (values.length === 0) return Promise.resolve([]);
  return selectRows(source, table, `WHERE "${key}" IN (${values.map(() => "?").join(", ")})`, [...values]);
}

/** Number of rows of `table` (for progress). */
export async function countRows(source: DataSource, table: string): Promise<number> {
  const [row] = await runSql<Array<{ count: number | string }>>(source, `SELECT COUNT(*) AS "count" FROM "${table}"`);
  return Number(row.count);
}
