import type { DataSource, EntityManager, QueryRunner } from "typeorm";

function driverSql(db: DataSource | EntityManager, sql: string): string {
  const type = "connection" in db ? db.connection.options.type : db.options.type;
  let index = 0;
  return type === "postgres" ? sql.replace(/\?/g, () => `$${++index}`) : sql;
}

/**
 * Runs SQL written with `?` placeholders on any TypeORM driver (PostgreSQL wants `$1, $2, …`).
 * Keeps the library's queries readable and dialect-neutral.
 */
export function runSql<T = unknown>(db: DataSource | EntityManager, sql: string, parameters: unknown[] = []): Promise<T> {
  return db.query(driverSql(db, sql), parameters) as Promise<T>;
}

/** Like runSql for INSERT/UPDATE/DELETE; resolves with the number of rows affected. */
export async function runSqlCounting(db: DataSource, sql: string, parameters: unknown[] = []): Promise<number> {
  const runner = db.createQueryRunner();
  try {
    return await runSqlCountingOn(runner, sql, parameters);
  } finally {
    await runner.release();
  }
}

/** runSqlCounting on a query runner the caller holds (inside its transaction). */
export async function runSqlCountingOn(runner: QueryRunner, sql: string, parameters: unknown[] = []): Promise<number> {
  const result = await runner.query(driverSql(runner.connection, sql), parameters, true);
  return result.affected ?? 0;
}
