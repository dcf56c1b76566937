import Database from "better-sqlite3";
import { Client } from "pg";
import { isPostgresUrl } from "../../platform";

/** One statement's result: its rows (a SELECT's) and how many rows it changed. */
export interface DirectResult {
  rows: Array<Record<string, unknown>>;
  changes: number;
}

/** Runs one statement written with `?` placeholders. */
export type DirectRun = (sql: string, params?: unknown[]) => Promise<DirectResult>;

/**
 * A database opened directly, beside the toolkit, as a script of the user's would (better-sqlite3 on
 * a SQLite file, a plain `pg` client on a PostgreSQL URL): SQL with `?` placeholders on both.
 */
export interface DirectDatabase {
  readonly dialect: "sqlite" | "postgres";
  /** One statement on its own. */
  run: DirectRun;
  /**
   * `work` in one transaction (SQLite: BEGIN IMMEDIATE, waiting up to 5 s for the write lock):
   * committed when it returns, rolled back when it throws.
   */
  transaction<T>(work: (run: DirectRun) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

function openSqlite(file: string, readonly: boolean): DirectDatabase {
  const db = new Database(file, { readonly });
  db.pragma("busy_timeout = 5000");
  const run: DirectRun = async (sql, params = []) => {
    const statement = db.prepare(sql);
    if (statement.reader) return { rows: statement.all(...params) as Array<Record<string, unknown>>, changes: 0 };
    return { rows: [], changes: statement.run(...params).changes };
  };
  return {
    dialect: "sqlite",
    run,
    async transaction(work) {
      db.exec("BEGIN IMMEDIATE");
      try {
        const result = await work(run);
        db.exec("COMMIT");
        return result;
      } catch (err) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw err;
      }
    },
    close: async () => {
      db.close();
    },
  };
}

async function openPostgres(url: string): Promise<DirectDatabase> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const run: DirectRun = async (sql, params = []) => {
    let index = 0;
    const result = await client.query(sql.replace(/\?/g, () => `$${++index}`), params);
    return { rows: result.rows as Array<Record<string, unknown>>, changes: result.rowCount ?? 0 };
  };
  return {
    dialect: "postgres",
    run,
    async transaction(work) {
      await client.query("BEGIN");
      try {
        const result = await work(run);
        await client.query("COMMIT");
        return result;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw err;
      }
    },
    close: () => client.end(),
  };
}

/** Opens `where` (a PostgreSQL URL, or a SQLite file), runs `work` on it and closes it. */
export async function withDirectDatabase<T>(where: string, work: (db: DirectDatabase) => Promise<T>, options: { readonly?: boolean } = {}): Promise<T> {
  const db = isPostgresUrl(where) ? await openPostgres(where) : openSqlite(where, options.readonly ?? false);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}
