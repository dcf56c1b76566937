import type { DataSource } from "typeorm";
import type { ChangeEvent } from "../../contracts";
import { CDC_ERROR_CODES, CdcError } from "../core/errors";
import type { ChangeLog, LogBacklog, LoggedChange } from "../core/ports";
import { changeLogLayoutOf } from "./change-log-layout-of";
import { runSql, runSqlCounting } from "./sql-text";
import type { ChangeLogLayout } from "./sqlite-change-log-layout";

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
  request_id?: string | null;
}

interface PositionRow {
  position: number | string;
  committed_at: string;
}

/**
 * ChangeLog port over the change log table of a TypeORM DataSource: `_strangler_changes` in a
 * SQLite file, `strangler.changes` in PostgreSQL (the layout tells them apart). Everything here
 * reads, except `pruneBatch` (one autocommit DELETE of at most `limit` rows): a legacy
 * application writing to the same database must never meet a write of ours it did not expect.
 */
export class SqlChangeLog implements ChangeLog {
  private readonly log: string;

  private constructor(
    private readonly db: DataSource,
    readonly source: string,
    /** The log has a `request_id` column (SQLite capture v3, PostgreSQL): each change carries the writer's request id. */
    readonly hasRequestIds: boolean,
    private readonly layout: ChangeLogLayout,
  ) {
    this.log = layout.changes;
  }

  /** Opens the log of a database where capture was installed (by a migration or `strangler capture install`). */
  static async open(db: DataSource): Promise<SqlChangeLog> {
    const layout = changeLogLayoutOf(db);
    let rows: Array<{ source: string }>;
    try {
      rows = await runSql(db, layout.sourceQuery);
    } catch (err) {
      throw new CdcError(CDC_ERROR_CODES.notInstalled, `This database has no change capture: ${layout.installFix}`, { cause: err });
    }
    if (rows.length === 0) throw new CdcError(CDC_ERROR_CODES.notInstalled, `The capture context row is missing: ${layout.installFix}`);
    // SQLite capture v3 adds the column; a log without it (v1/v2, the monolith's) carries no request ids.
    const hasRequestIds = await runSql(db, `SELECT "request_id" FROM ${layout.changes} WHERE 0 = 1`).then(
      () => true,
      () => false,
    );
    return new SqlChangeLog(db, rows[0].source, hasRequestIds, layout);
  }

  async readAfter(after: number, limit: number): Promise<LoggedChange[]> {
    const rows = await runSql<ChangeRow[]>(
      this.db,
      `SELECT c."position", ${this.layout.previousPosition} AS "previous_position", c."table_name", c."op", c."pk", c."old_row", c."new_row", c."committed_at", c."origin"${this.hasRequestIds ? `, c."request_id"` : ""}
         FROM ${this.log} c WHERE c."position" > ? ORDER BY c."position" LIMIT ?`,
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
      ...(this.hasRequestIds ? { requestId: row.request_id ?? null } : {}),
    }));
  }

  /**
   * @deprecated The old name of `readAfter` (changes above `after`, whatever the old `published`
   * column says); kept for the tests that read the whole log with it.
   */
  readUnpublished(after: number, limit: number): Promise<LoggedChange[]> {
    return this.readAfter(after, limit);
  }

  async backlog(after: number): Promise<LogBacklog> {
    const [row] = await runSql<Array<{ count: number | string; oldest: string | null }>>(
      this.db,
      `SELECT COUNT(*) AS "count",
              (SELECT "committed_at" FROM ${this.log} WHERE "position" > ? ORDER BY "position" LIMIT 1) AS "oldest"
         FROM ${this.log} WHERE "position" > ?`,
      [after, after],
    );
    return { count: Number(row.count), oldestCommittedAt: row.oldest ?? null };
  }

  /**
   * The highest position at or below which every change is committed, visible and ends a
   * transaction; at or above every change of a transaction committed before the call (PostgreSQL
   * capture v2 waits here for transactions in the middle of their commit: pg-horizon.ts).
   */
  async head(): Promise<number> {
    if (this.layout.safeHead) return this.layout.safeHead(this.db);
    const [row] = await runSql<Array<{ head: number | string | null }>>(this.db, `SELECT MAX("position") AS "head" FROM ${this.log}`);
    return Number(row?.head ?? 0);
  }

  async countBetween(after: number, through: number): Promise<number> {
    const [row] = await runSql<Array<{ count: number | string }>>(this.db, `SELECT COUNT(*) AS "count" FROM ${this.log} WHERE "position" > ? AND "position" <= ?`, [after, through]);
    return Number(row.count);
  }

  async legacyPublishedThrough(): Promise<number> {
    if (!this.layout.hasPublishedColumn) return 0;
    // The partial index "_strangler_changes_unpublished" makes the MIN a lookup.
    const [row] = await runSql<Array<{ first: number | string | null; head: number | string | null }>>(
      this.db,
      `SELECT (SELECT MIN("position") FROM ${this.log} WHERE "published" = 0) AS "first",
              (SELECT MAX("position") FROM ${this.log}) AS "head"`,
    );
    if (row.first !== null) return Number(row.first) - 1;
    return row.head === null ? 0 : Number(row.head);
  }

  /**
   * Commit times grow with positions (one writer at a time; on PostgreSQL v2 nearly: blocks are
   * taken microseconds before the time is read), so the range is found with point
   * lookups by position (a binary search), never a scan of the whole log. Should the clock have
   * stepped back, the range only comes out shorter: the DELETE checks every row's time again.
   */
  async prunable(through: number, cutoff: Date): Promise<{ first: number; last: number; count: number } | null> {
    const limit = cutoff.toISOString();
    const oldest = await this.firstFrom(0);
    if (!oldest || oldest.position > through || oldest.committedAt >= limit) return null;
    let last = oldest.position;
    let high = through;
    while (last < high) {
      const middle = last + Math.ceil((high - last) / 2);
      const row = await this.firstFrom(middle);
      if (row && row.position <= high && row.committedAt < limit) last = row.position;
      else high = middle - 1;
    }
    const count = this.layout.sparsePositions ? await this.countBetween(oldest.position - 1, last) : last - oldest.position + 1;
    return { first: oldest.position, last, count };
  }

  async pruneBatch(through: number, cutoff: Date, limit: number): Promise<number> {
    return runSqlCounting(
      this.db,
      `DELETE FROM ${this.log} WHERE "position" IN
         (SELECT "position" FROM ${this.log} WHERE "position" <= ? AND "committed_at" < ? ORDER BY "position" LIMIT ?)`,
      [through, cutoff.toISOString(), limit],
    );
  }

  /** The first change at or above `position`. */
  private async firstFrom(position: number): Promise<{ position: number; committedAt: string } | null> {
    const [row] = await runSql<PositionRow[]>(this.db, `SELECT "position", "committed_at" FROM ${this.log} WHERE "position" >= ? ORDER BY "position" LIMIT 1`, [position]);
    return row ? { position: Number(row.position), committedAt: row.committed_at } : null;
  }
}
