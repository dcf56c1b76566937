import type { DataSource, EntityManager } from "typeorm";
import type { ChangeEvent } from "../../contracts";
import { PARKED_CHANGES_TABLE as PARKED } from "../sqlite/consumer-tables-v1";
import { DISCARDED_CHANGES_TABLE as DISCARDED } from "../sqlite/discarded-changes-v1";
import { runSql } from "../sqlite/sql-text";
import type { ParkedChange, ParkedFilter } from "../core/ports";

type Db = DataSource | EntityManager;

interface ParkedRow {
  source: string;
  position: number | string;
  table_name: string;
  key: string;
  event: string;
  reason: string;
  attempts: number;
  first_failed_at: string;
  last_failed_at: string;
}

/** The `_strangler_parked_changes` rows of one source, read and written in the caller's transaction. */
export class SqlParkedChanges {
  constructor(private readonly source: string) {}

  async insert(tx: Db, event: ChangeEvent, key: string, reason: string, attempts: number, firstFailedAt: Date): Promise<void> {
    await runSql(
      tx,
      `INSERT INTO "${PARKED}" ("source", "position", "table_name", "key", "event", "reason", "attempts", "first_failed_at", "last_failed_at")
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("source", "position") DO NOTHING`,
      [this.source, event.position, event.table, key, JSON.stringify(event), reason, attempts, firstFailedAt.toISOString(), new Date().toISOString()],
    );
  }

  /** Parked positions of one row, lowest first. */
  async positionsOfRow(tx: Db, table: string, key: string): Promise<number[]> {
    const rows = await runSql<Array<{ position: number | string }>>(
      tx,
      `SELECT "position" FROM "${PARKED}" WHERE "source" = ? AND "table_name" = ? AND "key" = ? ORDER BY "position"`,
      [this.source, table, key],
    );
    return rows.map((row) => Number(row.position));
  }

  async read(db: Db, filter: ParkedFilter): Promise<ParkedChange[]> {
    if (filter.source !== undefined && filter.source !== this.source) return [];
    // Conditions only for the filter's parts that are set: an untyped `? IS NULL` fails on PostgreSQL.
    const table = filter.table === undefined ? "" : ` AND "table_name" = ?`;
    const key = filter.key === undefined ? "" : ` AND "key" = ?`;
    const rows = await runSql<ParkedRow[]>(db, `SELECT * FROM "${PARKED}" WHERE "source" = ?${table}${key} ORDER BY "position"`, [
      this.source,
      ...(filter.table === undefined ? [] : [filter.table]),
      ...(filter.key === undefined ? [] : [filter.key]),
    ]);
    return rows.map((row) => ({
      source: row.source,
      position: Number(row.position),
      table: row.table_name,
      key: row.key,
      event: JSON.parse(row.event) as ChangeEvent,
      reason: row.reason,
      attempts: Number(row.attempts),
      firstFailedAt: row.first_failed_at,
      lastFailedAt: row.last_failed_at,
    }));
  }

  async count(db: Db): Promise<number> {
    const [row] = await runSql<Array<{ count: number | string }>>(db, `SELECT COUNT(*) AS "count" FROM "${PARKED}" WHERE "source" = ?`, [this.source]);
    return Number(row.count);
  }

  async remove(tx: Db, position: number): Promise<void> {
    await runSql(tx, `DELETE FROM "${PARKED}" WHERE "source" = ? AND "position" = ?`, [this.source, position]);
  }

  /** Writes a parked change to the discarded-changes audit; the caller deletes it in the same transaction. */
  async recordDiscard(tx: Db, change: ParkedChange, audit: { reason: string; actor: string }, at: string): Promise<void> {
    await runSql(
      tx,
      `INSERT INTO "${DISCARDED}" ("source", "position", "table_name", "key", "event", "parked_reason", "attempts", "first_failed_at", "reason", "actor", "discarded_at")
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [this.source, change.position, change.table, change.key, JSON.stringify(change.event), change.reason, change.attempts, change.firstFailedAt, audit.reason, audit.actor, at],
    );
  }

  async recordFailure(db: Db, position: number, reason: string): Promise<void> {
    await runSql(db, `UPDATE "${PARKED}" SET "attempts" = "attempts" + 1, "last_failed_at" = ?, "reason" = ? WHERE "source" = ? AND "position" = ?`, [
      new Date().toISOString(),
      reason,
      this.source,
      position,
    ]);
  }
}
