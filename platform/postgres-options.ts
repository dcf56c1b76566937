import type { DataSourceOptions } from "typeorm";

/**
 * TypeORM options for a PostgreSQL database given by URL (`postgres://user@host:5432/db`), driven
 * by the `pg` driver. Like the SQLite options: no synchronize, schema only from migrations. The
 * pool is small: each part of the toolkit opens its own DataSource.
 */
export function postgresOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: "postgres",
    url,
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: { max: poolSize, connectionTimeoutMillis: 30_000 },
  } as DataSourceOptions;
}

/** True for a `postgres://` or `postgresql://` URL. */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value);
}

/** The URL with its password (if any) replaced, for logs and error messages; a file path as it is. */
export function redactDatabaseUrl(url: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url;
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "<unparsable database URL>";
  }
}
