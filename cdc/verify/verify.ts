import type { DataSource } from "typeorm";
import type { Row } from "../../contracts";
import { compareKeys, readChunk, readRows, type KeyValue } from "../backfill/source-snapshot";
import { openOwnConnection } from "../sqlite/own-connection";
import { diffRows, type Drift } from "./drift";
import type { KeyedRow, VerifiedTable } from "./verified-table";

export interface VerifyOptions {
  source: DataSource;
  target: DataSource;
  tables: readonly VerifiedTable[];
  /** Rows read per side and query. Default 1000. */
  chunkSize?: number;
  /**
   * Compare only these source keys per table (a table without an entry: none). Unset: every row.
   * A write cut-over verifies in full before it fences, then only the keys changed since.
   */
  keys?: Readonly<Record<string, readonly KeyValue[]>>;
}

export interface VerifyReport {
  drift: Drift[];
  /** Source rows compared per table. */
  compared: Record<string, number>;
}

/**
 * Compares source and target through the mapping: both sides are read in key order in chunks and
 * merged, each source row mapped through the table's pure `expected` function. Reports each key
 * that is missing in the target, extra in it, or different (with the fields). Read-only; the
 * result is a snapshot, so a change in flight can show up as drift until the consumer applies it.
 */
export async function verify(options: VerifyOptions): Promise<VerifyReport> {
  const source = await openOwnConnection(options.source, 1000);
  const target = await openOwnConnection(options.target, 1000);
  try {
    const report: VerifyReport = { drift: [], compared: {} };
    for (const table of options.tables) {
      const keys = options.keys ? (options.keys[table.table] ?? []) : undefined;
      report.compared[table.table] = keys
        ? await compareKeyed(source, target, table, keys, options.chunkSize ?? 1000, report.drift)
        : await compareTable(source, target, table, options.chunkSize ?? 1000, report.drift);
    }
    return report;
  } finally {
    await source.destroy();
    await target.destroy();
  }
}

async function compareTable(source: DataSource, target: DataSource, table: VerifiedTable, chunkSize: number, drift: Drift[]): Promise<number> {
  const sourceRows = cursor<Row>((after) => readChunk(source, table.table, table.key, after, chunkSize), (row) => row[table.key] as KeyValue);
  const targetRows = cursor<KeyedRow>((after) => table.readTarget(target, after, chunkSize), (row) => row.key);
  let compared = 0;
  let left = await sourceRows.next();
  let right = await targetRows.next();
  while (left || right) {
    const order = !left ? 1 : !right ? -1 : compareKeys(left.key, right.key);
    if (order < 0) {
      drift.push({ table: table.table, key: left!.key, kind: "missing" });
    } else if (order > 0) {
      drift.push({ table: table.table, key: right!.key, kind: "extra" });
    } else {
      const fields = diffRows(table.expected(left!.item), right!.item.row);
      if (fields.length > 0) drift.push({ table: table.table, key: left!.key, kind: "different", fields });
    }
    if (order <= 0) {
      compared += 1;
      left = await sourceRows.next();
    }
    if (order >= 0) right = await targetRows.next();
  }
  return compared;
}

/** Compares just `keys` of one table: read by key on both sides (or the whole table, filtered, when the target cannot read by key). */
async function compareKeyed(source: DataSource, target: DataSource, table: VerifiedTable, keys: readonly KeyValue[], chunkSize: number, drift: Drift[]): Promise<number> {
  const wanted = [...new Set(keys)];
  if (wanted.length === 0) return 0;
  if (!table.readTargetKeys) {
    const all: Drift[] = [];
    await compareTable(source, target, table, chunkSize, all);
    const asked = new Set(wanted.map(String));
    drift.push(...all.filter((entry) => asked.has(String(entry.key))));
    return wanted.length;
  }
  let compared = 0;
  for (let offset = 0; offset < wanted.length; offset += chunkSize) {
    const chunk = wanted.slice(offset, offset + chunkSize);
    const sourceRows = new Map((await readRows(source, table.table, table.key, chunk)).map((row) => [String(row[table.key]), row]));
    const targetRows = new Map((await table.readTargetKeys(target, chunk)).map((row) => [String(row.key), row.row]));
    for (const key of chunk) {
      const left = sourceRows.get(String(key));
      const right = targetRows.get(String(key));
      if (left && !right) drift.push({ table: table.table, key, kind: "missing" });
      else if (!left && right) drift.push({ table: table.table, key, kind: "extra" });
      else if (left && right) {
        const fields = diffRows(table.expected(left), right);
        if (fields.length > 0) drift.push({ table: table.table, key, kind: "different", fields });
      }
      if (left) compared += 1;
    }
  }
  return compared;
}

/** Walks a keyed, chunked read one item at a time. */
function cursor<T>(read: (after: KeyValue | null) => Promise<T[]>, keyOf: (item: T) => KeyValue) {
  let buffer: T[] = [];
  let after: KeyValue | null = null;
  let exhausted = false;
  return {
    async next(): Promise<{ key: KeyValue; item: T } | null> {
      if (buffer.length === 0 && !exhausted) {
        buffer = await read(after);
        if (buffer.length === 0) exhausted = true;
        else after = keyOf(buffer[buffer.length - 1]);
      }
      const item = buffer.shift();
      return item === undefined ? null : { key: keyOf(item), item };
    },
  };
}
