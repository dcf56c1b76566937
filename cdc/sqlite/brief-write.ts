import type { DataSource } from "typeorm";
import { runSqlCountingOn } from "./sql-text";

/** One statement of a brief write, with `?` placeholders. */
export interface BriefStatement {
  sql: string;
  parameters?: unknown[];
}

interface RawSqlite {
  readonly inTransaction: boolean;
  prepare(sql: string): { run(...parameters: unknown[]): { changes: number } };
  transaction<T>(work: () => T): { immediate(): T };
}

function rawSqlite(db: DataSource): RawSqlite | null {
  if (db.options.type !== "better-sqlite3") return null;
  return (db.driver as unknown as { databaseConnection?: RawSqlite }).databaseConnection ?? null;
}

/**
 * Runs `statements` as one short write transaction and resolves with the rows each changed. On
 * SQLite it runs synchronously as `BEGIN IMMEDIATE … COMMIT` in one turn of the event loop: the
 * write lock is taken up front (no read-then-upgrade that could fail half-way) and held for the
 * microseconds the statements take, never across an await, so an application sharing the file
 * (a legacy app that is not ours) is disturbed as little as SQLite allows.
 */
export async function briefWrite(db: DataSource, statements: readonly BriefStatement[]): Promise<number[]> {
  const raw = rawSqlite(db);
  // A connection already inside a transaction (a DataSource shared with application code) takes the general path.
  if (raw && !raw.inTransaction) {
    return raw.transaction(() => statements.map((statement) => raw.prepare(statement.sql).run(...(statement.parameters ?? [])).changes)).immediate();
  }
  const runner = db.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    const changed: number[] = [];
    for (const statement of statements) changed.push(await runSqlCountingOn(runner, statement.sql, statement.parameters ?? []));
    await runner.commitTransaction();
    return changed;
  } catch (err) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw err;
  } finally {
    await runner.release();
  }
}
