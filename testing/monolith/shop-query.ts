import type { DataSource } from "typeorm";

/**
 * Runs raw SQL written with `?` placeholders on a shop database, SQLite or PostgreSQL (there `?`
 * becomes `$1`, `$2`…), for tests that look at the rows themselves. Write counts as
 * `CAST(COUNT(*) AS INTEGER)`: PostgreSQL answers a bare COUNT(*) as a string (bigint).
 */
export function shopQuery<T = Record<string, unknown>>(dataSource: DataSource, sql: string, parameters: unknown[] = []): Promise<T[]> {
  let position = 0;
  const text = dataSource.options.type === "postgres" ? sql.replace(/\?/g, () => `$${++position}`) : sql;
  return dataSource.query(text, parameters);
}
