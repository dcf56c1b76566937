/**
 * True when a database error is a unique-constraint violation (SQLite or PostgreSQL).
 * Services check for duplicates first; this catches a writer outside this process winning the race.
 */
export function isUniqueViolation(err: unknown): boolean {
  const driverError = (err as { driverError?: { code?: string } })?.driverError;
  const code = driverError?.code ?? (err as { code?: string })?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505";
}
