import type { DataSource } from "typeorm";
import type { ChangeEvent } from "../../contracts";
import { CdcError } from "../core/errors";
import type { ChangeLog, LogBacklog, LoggedChange } from "../core/ports";
import { runSql, runSqlCounting } from "./sql-text";

interface ChangeRow {
  position: number | string;
  previous_position: number | string | null;
  table_name: string;
  op: ChangeEvent["op"];
  pk: string;
  old_row: string | null;
  new_row: string | null;
  committed_at: string;
  origin: string;
}

const MARK_CHUNK = 500;

/** ChangeLog port over the `_strangler_changes` table of a TypeORM DataSource. */
export class SqlChangeLog implements ChangeLog {
  private constructor(
    private readonly db: DataSource,
    readonly source: string,
  ) {}

  /** Opens the log of a database where capture was installed by a migration. */
  static async open(db: DataSource): Promise<SqlChangeLog> {
    let rows: Array<{ source: string }>;
    try {
      rows = await runSql(db, `SELECT "source" FROM "_strangler_capture_context" WHERE "id" = 1`);
    } catch (err) {
      throw new CdcError("CDC_ERR_NOT_INSTALLED", "This database has no change capture: run the migration that installs it (installSqliteCaptureV1).", { cause: err });
    }
    if (rows.length === 0) throw new CdcError("CDC_ERR_NOT_INSTALLED", "The capture context row is missing: run the capture migration again.");
    return new SqlChangeLog(db, rows[0].source);
  }

  async readUnpublished(after: number, limit: number): Promise<LoggedChange[]> {
    const rows = await runSql<ChangeRow[]>(
      this.db,
      `SELECT "position", "previous_position", "table_name", "op", "pk", "old_row", "new_row", "committed_at", "origin"
         FROM "_strangler_changes" WHERE "published" = 0 AND "position" > ? ORDER BY "position" LIMIT ?`,
      [after, limit],
    );
    return rows.map((row) => ({
      position: Number(row.position),
      previousPosition: row.previous_position === null ? null : Number(row.previous_position),
      table: row.table_name,
      op: row.op,
      key: JSON.parse(row.pk) as Record<string, unknown>,
      before: row.old_row === null ? null : (JSON.parse(row.old_row) as Record<string, unknown>),
      after: row.new_row === null ? null : (JSON.parse(row.new_row) as Record<string, unknown>),
      committedAt: row.committed_at,
      origin: row.origin,
    }));
  }

  async markPublished(positions: readonly number[]): Promise<void> {
    for (let start = 0; start < positions.length; start += MARK_CHUNK) {
      const chunk = positions.slice(start, start + MARK_CHUNK);
      await runSql(this.db, `UPDATE "_strangler_changes" SET "published" = 1 WHERE "position" IN (${chunk.map(() => "?").join(", ")})`, chunk);
    }
  }

  async backlog(): Promise<LogBacklog> {
    const [row] = await runSql<Array<{ count: number | string; oldest: string | null }>>(
      this.db,
      `SELECT COUNT(*) AS "count", MIN("committed_at") AS "oldest" FROM "_strangler_changes" WHERE "published" = 0`,
    );
    return { count: Number(row.count), oldestCommittedAt: row.oldest };
  }

  async deletePublishedBefore(cutoff: Date): Promise<number> {
    return runSqlCounting(
      this.db,
      `DELETE FROM "_strangler_changes" WHERE "published" = 1 AND "committed_at" < ?
         AND "position" < COALESCE((SELECT MIN("position") FROM "_strangler_changes" WHERE "published" = 0), 9223372036854775807)`,
      [cutoff.toISOString()],
    );
  }
}
