import type { DataSource } from "typeorm";
import type { Row } from "../../contracts";
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
 * commit order), which makes it the low watermark of the snapshot read that follows.
 */
export async function currentPosition(source: DataSource): Promise<number> {
  const [row] = await runSql<Array<{ position: number | string | null }>>(source, `SELECT MAX("position") AS "position" FROM "_strangler_changes"`);
  return row?.position === null || row?.position === undefined ? 0 : Number(row.position);
}

/** Up to `limit` rows of `table` with a key above `after` (all when null), in key order. */
export function readChunk(source: DataSource, table: string, key: string, after: KeyValue | null, limit: number): Promise<Row[]> {
  return after === null
    ? runSql<Row[]>(source, `SELECT * FROM "${table}" ORDER BY "${key}" LIMIT ?`, [limit])
    : runSql<Row[]>(source, `SELECT * FROM "${table}" WHERE "${key}" > ? ORDER BY "${key}" LIMIT ?`, [after, limit]);
}

/** The row of `table` with that key, or null. */
export async function readRow(source: DataSource, table: string, key: string, value: KeyValue): Promise<Row | null> {
  const rows = await runSql<Row[]>(source, `SELECT * FROM "${table}" WHERE "${key}" = ?`, [value]);
  return rows[0] ?? null;
}

/** The rows of `table` with these keys (any order; missing keys are simply absent). */
export function readRows(source: DataSource, table: string, key: string, values: readonly KeyValue[]): Promise<Row[]> {
  if (values.length === 0) return Promise.resolve([]);
  return runSql<Row[]>(source, `SELECT * FROM "${table}" WHERE "${key}" IN (${values.map(() => "?").join(", ")})`, [...values]);
}

/** Number of rows of `table` (for progress). */
export async function countRows(source: DataSource, table: string): Promise<number> {
  const [row] = await runSql<Array<{ count: number | string }>>(source, `SELECT COUNT(*) AS "count" FROM "${table}"`);
  return Number(row.count);
}
