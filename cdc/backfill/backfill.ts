import type { DataSource } from "typeorm";
import type { Row } from "../../contracts";
import { CONSUMER_CHECKPOINTS_TABLE } from "../sqlite/consumer-tables-v1";
import { openOwnConnection } from "../sqlite/own-connection";
import { runSql } from "../sqlite/sql-text";
import { SqlTargetStore } from "../consumer/sql-target-store";
import { readStoredPositions } from "../consumer/stored-positions";
import { keyText } from "../core/keys";
import type { Mapping } from "../consumer/mapping";
import { readCheckpoint, saveCheckpoint, type BackfillCheckpoint } from "./backfill-checkpoints";
import { applySnapshotRow } from "./snapshot-apply";
import { countRows, currentPosition, readChunk } from "./source-snapshot";
import { UnmappedTableError } from "./unmapped-table-error";
import { setCaptureOrigin } from "../sqlite/capture-origin";

/** One source table to copy, in the order given (parents first reads nicer, but is not required). */
export interface BackfillTable {
  table: string;
  /** Its one-column primary key (integer or text), the chunking order. */
  key: string;
}

/** Progress after each chunk: rows copied so far of the table and over all tables. */
export interface BackfillProgress {
  table: string;
  tableRowsDone: number;
  tableRowsTotal: number;
  rowsDone: number;
  rowsTotal: number;
}

export interface BackfillOptions {
  /** The source database (capture installed); read through a connection of the backfill's own. */
  source: DataSource;
  /** The target database (consumer tables and `_strangler_backfill_checkpoints` migrated). */
  target: DataSource;
  /** Source name as in the change events, e.g. "monolith". */
  sourceName: string;
  mapping: Mapping;
  tables: readonly BackfillTable[];
  /** Rows per chunk (one target transaction each). Default 500. */
  chunkSize?: number;
  /** Durable consumer of this target: on its first start it begins above the backfill's start position. */
  consumer?: string;
  /**
   * The target has change capture of its own (sync in both directions): each chunk's writes are
   * logged with origin `sourceName`, set once per chunk transaction, so they are never sent back.
   */
  targetHasCapture?: boolean;
  /**
   * SQLite target: WAL pages before a commit of the backfill's own target connection checkpoints
   * (SQLite's 1000 when unset). Each chunk rewrites pages all over the target's tables; a larger
   * value writes each back once per checkpoint and syncs the file less often (see
   * StartConsumerOptions.walAutocheckpointPages). Leave it unset for a legacy application's file.
   */
  walAutocheckpointPages?: number;
  onProgress?(progress: BackfillProgress): void;
  /** Test hook: runs after a chunk was read and before it is written (a kill or a write lands here). */
  afterRead?(table: string, rows: readonly Row[]): Promise<void> | void;
}

export interface BackfillResult {
  /** Log position read when the backfill began; the consumer ignores changes at or below it. */
  startPosition: number;
  rowsWritten: number;
  rowsSkipped: number;
  tables: Record<string, { rows: number; resumed: boolean }>;
}

/**
 * Copies the source tables into the target through the mapping while the source keeps taking
 * writes (the watermark approach of DBLog): chunk by chunk in key order, each chunk read after
 * noting the change log's position and written in one target transaction with its checkpoint,
 * under the consumer's rule (see applySnapshotRow). Killed at any point, it resumes after the last
 * committed chunk. Run it before or beside the consumer: their writes never undo each other.
 */
export async function runBackfill(options: BackfillOptions): Promise<BackfillResult> {
  for (const { table } of options.tables) if (!options.mapping[table]) throw new UnmappedTableError(table);
  const source = await openOwnConnection(options.source, 1000);
  const target = await openOwnConnection(options.target, 5000, { walAutocheckpointPages: options.walAutocheckpointPages });
  try {
    return await copyTables(source, target, options);
  } finally {
    await source.destroy();
    await target.destroy();
  }
}

async function copyTables(source: DataSource, target: DataSource, options: BackfillOptions): Promise<BackfillResult> {
  const chunkSize = options.chunkSize ?? 500;
  const checkpoints = new Map<string, BackfillCheckpoint | null>();
  for (const { table } of options.tables) checkpoints.set(table, await readCheckpoint(target, options.sourceName, table));
  const earlier = [...checkpoints.values()].filter((checkpoint): checkpoint is BackfillCheckpoint => checkpoint !== null);
  const startPosition = earlier.length > 0 ? Math.min(...earlier.map((checkpoint) => checkpoint.startPosition)) : await currentPosition(source);
  if (options.consumer) await startConsumerAbove(target, options, startPosition);

  const totals = new Map<string, number>();
  for (const { table } of options.tables) totals.set(table, await countRows(source, table));
  const rowsTotal = [...totals.values()].reduce((sum, count) => sum + count, 0);
  let rowsDone = earlier.reduce((sum, checkpoint) => sum + checkpoint.rowsDone, 0);
  const result: BackfillResult = { startPosition, rowsWritten: 0, rowsSkipped: 0, tables: {} };

  for (const { table, key } of options.tables) {
    const previous = checkpoints.get(table) ?? null;
    let checkpoint: BackfillCheckpoint = previous ?? { afterKey: null, rowsDone: 0, startPosition, completed: false };
    result.tables[table] = { rows: 0, resumed: previous !== null };
    while (!checkpoint.completed) {
      const position = await currentPosition(source);
      const rows = await readChunk(source, table, key, checkpoint.afterKey, chunkSize);
      await options.afterRead?.(table, rows);
      const next: BackfillCheckpoint = {
        ...checkpoint,
        afterKey: rows.length > 0 ? (rows[rows.length - 1][key] as BackfillCheckpoint["afterKey"]) : checkpoint.afterKey,
        rowsDone: checkpoint.rowsDone + rows.length,
        completed: rows.length < chunkSize,
      };
      await target.transaction(async (tx) => {
        if (options.targetHasCapture) await setCaptureOrigin(tx, options.sourceName);
        // The chunk's stored positions in a few queries (its keys are distinct, and the mapping writes none of them).
        const keys = rows.map((row) => keyText({ [key]: row[key] }));
        const stored = await readStoredPositions(tx, options.sourceName, table, keys);
        for (const [index, row] of rows.entries()) {
          const storedPosition = stored.get(keys[index]) ?? null;
          const outcome = await applySnapshotRow(tx, options.mapping, { source: options.sourceName, table, key: { [key]: row[key] }, row, position, storedPosition });
          if (outcome === "skipped") result.rowsSkipped += 1;
          else result.rowsWritten += 1;
        }
        if (options.targetHasCapture) await setCaptureOrigin(tx, null);
        await saveCheckpoint(tx, options.sourceName, table, next);
      });
      checkpoint = next;
      result.tables[table].rows += rows.length;
      rowsDone += rows.length;
      // better-sqlite3 answers synchronously: without a turn of the event loop between chunks, a
      // backfill inside a serving process would starve its HTTP traffic and its consumer.
      await new Promise((resolve) => setImmediate(resolve));
      options.onProgress?.({ table, tableRowsDone: checkpoint.rowsDone, tableRowsTotal: Math.max(totals.get(table) ?? 0, checkpoint.rowsDone), rowsDone, rowsTotal: Math.max(rowsTotal, rowsDone) });
    }
  }
  return result;
}

/**
 * A consumer that has never run starts above the backfill's start position: every change at or
 * below it is in the snapshot. A consumer that already ran keeps its own start. (Start a new
 * consumer after the backfill began, e.g. on its first progress call: a consumer process started
 * earlier has read its start already.)
 */
async function startConsumerAbove(target: DataSource, options: BackfillOptions, startPosition: number): Promise<void> {
  const store = new SqlTargetStore({ db: target, consumer: options.consumer!, source: options.sourceName, mapping: {} });
  const rows = await runSql<unknown[]>(target, `SELECT 1 FROM "${CONSUMER_CHECKPOINTS_TABLE}" WHERE "consumer" = ?`, [options.consumer]);
  if (rows.length === 0) await store.setStartPosition(startPosition + 1);
}
