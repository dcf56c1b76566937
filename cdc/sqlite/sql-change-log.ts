import type { DataSource } from "typeorm";
import type { ChangeEvent } from "../../contracts";
import { CDC_ERROR_CODES, CdcError } from "../core/errors";
import type { ChangeLog, LogBacklog, LoggedChange } from "../core/ports";
import { briefWrite } from "./brief-write";
import { runSql, runSqlCounting } from "./sql-text";
import { TX_CLOCK_TABLE } from "./sqlite-capture-v4";

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
  tx?: number | string | null;
}

interface PositionRow {
  position: number | string;
  committed_at: string;
}

/**
 * ChangeLog port over the `_strangler_changes` table of a TypeORM DataSource. Everything here
 * reads, except `pruneBatch` (one autocommit DELETE of at most `limit` rows): a legacy
 * application writing to the same SQLite file must never meet a write of ours it did not expect.
 */
export class SqlChangeLog implements ChangeLog {
  private constructor(
    private readonly db: DataSource,
    readonly source: string,
    /** The log has capture v3's `request_id` column: each change carries the writer's request id. */
    readonly hasRequestIds: boolean,
    /** The log has capture v4's `tx` column and commit-group clock: each change carries its group. */
    readonly hasGroups: boolean,
  ) {}

  /** The clock value read before the last read of the log: groups below it are closed. */
  private clock = 0;

  /** Opens the log of a database where capture was installed by a migration. */
  static async open(db: DataSource): Promise<SqlChangeLog> {
    let rows: Array<{ source: string }>;
    try {
      rows = await runSql(db, `SELECT "source" FROM "_strangler_capture_context" WHERE "id" = 1`);
    } catch (err) {
      throw new CdcError(CDC_ERROR_CODES.notInstalled, "This database has no change capture: run the migration that installs it (installSqliteCaptureV1).", { cause: err });
    }
    if (rows.length === 0) throw new CdcError(CDC_ERROR_CODES.notInstalled, "The capture context row is missing: run the capture migration again.");
    // Capture v3 adds the column; a log without it (v1/v2, the monolith's) carries no request ids.
    const hasRequestIds = await runSql(db, `SELECT "request_id" FROM "_strangler_changes" WHERE 0 = 1`).then(
      () => true,
      () => false,
    );
    // Capture v4 adds the clock and the column; a log without them carries no groups (a change is a group of its own).
    const hasGroups = await runSql(db, `SELECT "tx", (SELECT "n" FROM "${TX_CLOCK_TABLE}" WHERE "id" = 1) AS "n" FROM "_strangler_changes" WHERE 0 = 1`).then(
      () => true,
      () => false,
    );
    return new SqlChangeLog(db, rows[0].source, hasRequestIds, hasGroups);
  }

  /**
   * With groups, the clock is read BEFORE the rows: a group below the value read then was closed by
   * a tick that committed after every transaction stamped with it, so all its changes are visible
   * to the row read that follows.
   */
  async readAfter(after: number, limit: number): Promise<LoggedChange[]> {
    if (this.hasGroups) this.clock = await this.readClock();
    const clock = this.clock;
    const rows = await runSql<ChangeRow[]>(
      this.db,
      `SELECT "position", "previous_position", "table_name", "op", "pk", "old_row", "new_row", "committed_at", "origin"${this.hasRequestIds ? `, "request_id"` : ""}${this.hasGroups ? `, "tx"` : ""}
         FROM "_strangler_changes" WHERE "position" > ? ORDER BY "position" LIMIT ?`,
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
      ...(this.hasGroups ? { group: row.tx === null || row.tx === undefined ? null : { id: String(row.tx), closed: Number(row.tx) < clock } } : {}),
    }));
  }

  private async readClock(): Promise<number> {
    const [row] = await runSql<Array<{ n: number | string }>>(this.db, `SELECT "n" FROM "${TX_CLOCK_TABLE}" WHERE "id" = 1`);
    return row ? Number(row.n) : 0;
  }

  /**
   * Ticks the commit-group clock past the value last read (compare-and-set: a tick somebody else
   * made counts too), in one brief write: `BEGIN IMMEDIATE; UPDATE …; COMMIT` in one turn of the
   * event loop, never waiting for the lock. Busy (a writer is inside a transaction): false.
   */
  async closeGroups(): Promise<boolean> {
    if (!this.hasGroups) return true;
    try {
      await briefWrite(this.db, [{ sql: `UPDATE "${TX_CLOCK_TABLE}" SET "n" = "n" + 1 WHERE "id" = 1 AND "n" = ?`, parameters: [this.clock] }]);
      return true;
    } catch (err) {
      if (/SQLITE_BUSY|database is locked/i.test(`${String(err)} ${String((err as { code?: unknown }).code ?? "")}`)) return false;
      throw err;
    }
  }

  /** Walks back from `through` (a group's changes are contiguous) to just below the first change of the next change's group. */
  async groupStart(through: number): Promise<number> {
    if (!this.hasGroups) return through;
    const [next] = await runSql<Array<{ tx: number | string | null }>>(this.db, `SELECT "tx" FROM "_strangler_changes" WHERE "position" > ? ORDER BY "position" LIMIT 1`, [through]);
    if (!next || next.tx === null) return through;
    let start = through;
    for (;;) {
      const rows = await runSql<Array<{ position: number | string; tx: number | string | null }>>(
        this.db,
        `SELECT "position", "tx" FROM "_strangler_changes" WHERE "position" <= ? ORDER BY "position" DESC LIMIT 500`,
        [start],
      );
      for (const row of rows) {
        if (row.tx === null || String(row.tx) !== String(next.tx)) return start;
        start = Number(row.position) - 1;
      }
      if (rows.length < 500) return start;
    }
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
              (SELECT "committed_at" FROM "_strangler_changes" WHERE "position" > ? ORDER BY "position" LIMIT 1) AS "oldest"
         FROM "_strangler_changes" WHERE "position" > ?`,
      [after, after],
    );
    return { count: Number(row.count), oldestCommittedAt: row.oldest ?? null };
  }

  async legacyPublishedThrough(): Promise<number> {
    // The partial index "_strangler_changes_unpublished" makes the MIN a lookup.
    const [row] = await runSql<Array<{ first: number | string | null; head: number | string | null }>>(
      this.db,
      `SELECT (SELECT MIN("position") FROM "_strangler_changes" WHERE "published" = 0) AS "first",
              (SELECT MAX("position") FROM "_strangler_changes") AS "head"`,
    );
    if (row.first !== null) return Number(row.first) - 1;
    return row.head === null ? 0 : Number(row.head);
  }

  /**
   * Commit times grow with positions (one writer at a time), so the range is found with point
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
    return { first: oldest.position, last, count: last - oldest.position + 1 };
  }

  async pruneBatch(through: number, cutoff: Date, limit: number): Promise<number> {
    return runSqlCounting(
      this.db,
      `DELETE FROM "_strangler_changes" WHERE "position" IN
         (SELECT "position" FROM "_strangler_changes" WHERE "position" <= ? AND "committed_at" < ? ORDER BY "position" LIMIT ?)`,
      [through, cutoff.toISOString(), limit],
    );
  }

  /** The first change at or above `position`. */
  private async firstFrom(position: number): Promise<{ position: number; committedAt: string } | null> {
    const [row] = await runSql<PositionRow[]>(this.db, `SELECT "position", "committed_at" FROM "_strangler_changes" WHERE "position" >= ? ORDER BY "position" LIMIT 1`, [position]);
    return row ? { position: Number(row.position), committedAt: row.committed_at } : null;
  }
}
