import Database from "better-sqlite3";
import { Client } from "pg";
import { PG_CHANGE_LOG_LAYOUT } from "../../../cdc/postgres/pg-change-log-layout";
import { SQLITE_CHANGE_LOG_LAYOUT } from "../../../cdc/sqlite/sqlite-change-log-layout";
import type { SourceChange } from "../../../cdc/testing";

/** The monolith's database the bench runs on. */
export type Source = "sqlite" | "postgres";

export const SOURCE_NAMES: Record<Source, string> = { sqlite: "SQLite", postgres: "PostgreSQL" };

/**
 * Read-only looks at the monolith's change log, on either database: `_strangler_changes` in the
 * SQLite file, `strangler.changes` in PostgreSQL (cdc/sqlite/change-log-layout-of.ts; the same
 * columns). Each look opens and closes its own connection, so the bench holds nothing open on the
 * legacy database between looks; none runs while a burst is measured but `backendPids` (PostgreSQL,
 * at the span's ends).
 */
export interface SourceLog {
  readonly source: Source;
  /** The log's head: the highest position handed out (SQLite) or committed (PostgreSQL). */
  head(): Promise<number>;
  /** The highest change of one of `tables` at or below `head`, 0 when none. */
  lastOf(head: number, tables: readonly string[]): Promise<number>;
  /** Changes in (after, through], per table. */
  changesPerTable(after: number, through: number): Promise<Record<string, number>>;
  /** Changes in (after, through] of `tables` not written by the catalog's reverse sync, in position order. */
  changesOf(after: number, through: number, tables: readonly string[]): Promise<SourceChange[]>;
  /** PostgreSQL: the pids of the backends connected to the database (the server runs on this machine); SQLite: none. */
  backendPids(): Promise<number[]>;
}

interface LogRow {
  position: number | string;
  table_name: string;
  pk: string;
}

const toChange = (row: LogRow): SourceChange => ({ position: Number(row.position), table: row.table_name, key: JSON.parse(row.pk) as Record<string, unknown> });

export class SqliteSourceLog implements SourceLog {
  readonly source = "sqlite";
  private readonly log = SQLITE_CHANGE_LOG_LAYOUT.changes;

  constructor(private readonly file: string) {}

  head(): Promise<number> {
    return this.look((db) =>
      Number(
        (
          db
            .prepare(`SELECT MAX(COALESCE((SELECT "seq" FROM "sqlite_sequence" WHERE "name" = '_strangler_changes'), 0), COALESCE((SELECT MAX("position") FROM ${this.log}), 0)) AS "head"`)
            .get() as { head: number }
        ).head,
      ),
    );
  }

  lastOf(head: number, tables: readonly string[]): Promise<number> {
    return this.look((db) =>
      Number(
        (db.prepare(`SELECT COALESCE(MAX("position"), 0) AS "last" FROM ${this.log} WHERE "position" <= ? AND "table_name" IN (${tables.map(() => "?").join(", ")})`).get(head, ...tables) as { last: number }).last,
      ),
    );
  }

  changesPerTable(after: number, through: number): Promise<Record<string, number>> {
    return this.look((db) => {
      const rows = db.prepare(`SELECT "table_name" AS "table", COUNT(*) AS "count" FROM ${this.log} WHERE "position" > ? AND "position" <= ? GROUP BY "table_name"`).all(after, through) as Array<{ table: string; count: number }>;
      return Object.fromEntries(rows.map((row) => [row.table, Number(row.count)]));
    });
  }

  changesOf(after: number, through: number, tables: readonly string[]): Promise<SourceChange[]> {
    return this.look((db) =>
      (
        db
          .prepare(
            `SELECT "position", "table_name", "pk" FROM ${this.log} WHERE "position" > ? AND "position" <= ? AND "table_name" IN (${tables.map(() => "?").join(", ")}) AND "origin" <> 'catalog' ORDER BY "position"`,
          )
          .all(after, through, ...tables) as LogRow[]
      ).map(toChange),
    );
  }

  backendPids(): Promise<number[]> {
    return Promise.resolve([]);
  }

  private look<T>(work: (db: Database.Database) => T): Promise<T> {
    const db = new Database(this.file, { readonly: true, fileMustExist: true });
    try {
      db.pragma("busy_timeout = 1000");
      return Promise.resolve(work(db));
    } finally {
      db.close();
    }
  }
}

export class PgSourceLog implements SourceLog {
  readonly source = "postgres";
  private readonly log = PG_CHANGE_LOG_LAYOUT.changes;

  constructor(private readonly url: string) {}

  head(): Promise<number> {
    return this.look(async (db) => Number(((await db.query(`SELECT COALESCE(MAX("position"), 0) AS "head" FROM ${this.log}`)).rows[0] as { head: string }).head));
  }

  lastOf(head: number, tables: readonly string[]): Promise<number> {
    return this.look(async (db) =>
      Number(((await db.query(`SELECT COALESCE(MAX("position"), 0) AS "last" FROM ${this.log} WHERE "position" <= $1 AND "table_name" = ANY($2)`, [head, tables])).rows[0] as { last: string }).last),
    );
  }

  changesPerTable(after: number, through: number): Promise<Record<string, number>> {
    return this.look(async (db) => {
      const { rows } = await db.query(`SELECT "table_name" AS "table", COUNT(*) AS "count" FROM ${this.log} WHERE "position" > $1 AND "position" <= $2 GROUP BY "table_name"`, [after, through]);
      return Object.fromEntries((rows as Array<{ table: string; count: string }>).map((row) => [row.table, Number(row.count)]));
    });
  }

  changesOf(after: number, through: number, tables: readonly string[]): Promise<SourceChange[]> {
    return this.look(async (db) =>
      (
        (
          await db.query(`SELECT "position", "table_name", "pk" FROM ${this.log} WHERE "position" > $1 AND "position" <= $2 AND "table_name" = ANY($3) AND "origin" <> 'catalog' ORDER BY "position"`, [
            after,
            through,
            tables,
          ])
        ).rows as LogRow[]
      ).map(toChange),
    );
  }

  backendPids(): Promise<number[]> {
    return this.look(async (db) =>
      ((await db.query(`SELECT "pid" FROM pg_stat_activity WHERE "datname" = current_database() AND "pid" <> pg_backend_pid()`)).rows as Array<{ pid: number }>).map((row) => Number(row.pid)),
    );
  }

  private async look<T>(work: (db: Client) => Promise<T>): Promise<T> {
    const db = new Client({ connectionString: this.url, application_name: "bench-cdc-observer" });
    await db.connect();
    try {
      return await work(db);
    } finally {
      await db.end();
    }
  }
}
