import type { DataSource, EntityManager } from "typeorm";
import { BACKFILL_CHECKPOINTS_TABLE } from "../sqlite/backfill-tables-v1";
import { runSql } from "../sqlite/sql-text";
import type { KeyValue } from "./source-snapshot";

export { BACKFILL_CHECKPOINTS_TABLE };

/** Where the backfill of one source table stands. */
export interface BackfillCheckpoint {
  /** Last key copied (null: none yet). */
  afterKey: KeyValue | null;
  rowsDone: number;
  /** Log position read when the backfill of this source began: the consumer starts above it. */
  startPosition: number;
  completed: boolean;
}

interface CheckpointRow {
  after_key: string | null;
  rows_done: number | string;
  start_position: number | string;
  completed_at: string | null;
}

/** Reads the checkpoint of `table`, or null when its backfill never started. */
export async function readCheckpoint(db: DataSource | EntityManager, source: string, table: string): Promise<BackfillCheckpoint | null> {
  const rows = await runSql<CheckpointRow[]>(
    db,
    `SELECT "after_key", "rows_done", "start_position", "completed_at" FROM "${BACKFILL_CHECKPOINTS_TABLE}" WHERE "source" = ? AND "table_name" = ?`,
    [source, table],
  );
  if (rows.length === 0) return null;
  const row = rows[0];
  return {
    afterKey: row.after_key === null ? null : (JSON.parse(row.after_key) as KeyValue),
    rowsDone: Number(row.rows_done),
    startPosition: Number(row.start_position),
    completed: row.completed_at !== null,
  };
}

/** Stores the checkpoint of `table`; called in the transaction that wrote the chunk. */
export async function saveCheckpoint(tx: EntityManager, source: string, table: string, checkpoint: BackfillCheckpoint): Promise<void> {
  const now = new Date().toISOString();
  await runSql(
    tx,
    `INSERT INTO "${BACKFILL_CHECKPOINTS_TABLE}" ("source", "table_name", "after_key", "rows_done", "start_position", "completed_at", "updated_at") VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT ("source", "table_name") DO UPDATE SET "after_key" = excluded."after_key", "rows_done" = excluded."rows_done",
         "start_position" = excluded."start_position", "completed_at" = excluded."completed_at", "updated_at" = excluded."updated_at"`,
    [source, table, checkpoint.afterKey === null ? null : JSON.stringify(checkpoint.afterKey), checkpoint.rowsDone, checkpoint.startPosition, checkpoint.completed ? now : null, now],
  );
}
