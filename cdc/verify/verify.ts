import type { DataSource } from "typeorm";
import type { Row } from "../../contracts";
import { compareKeys, readChunk, type KeyValue } from "../backfill/source-snapshot";
import { openOwnConnection } from "../capture/own-connection";
import { diffRows, type Drift } from "./drift";
import type { KeyedRow, VerifiedTable } from "./verified-table";

export interface VerifyOptions {
  source: DataSource;
  target: DataSource;
  tables: readonly VerifiedTable[];
  /** Rows read per side and query. Default 1000. */
  chunkSize?: number;
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
    for (const table of options.tables) report.compared[table.table] = await compareTable(source, target, table, options.chunkSize ?? 1000, report.drift);
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
