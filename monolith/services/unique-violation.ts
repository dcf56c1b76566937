import { driverErrorCode, isWriteFencedError } from "../../platform";

/**
 * True when a database error is a unique-constraint violation (SQLite or PostgreSQL).
 * Services check for duplicates first; this catches a writer outside this process winning the race.
 * A write the fence refused (SQLite reports it as a constraint error too, SQLITE_CONSTRAINT_TRIGGER)
 * is never one: it must reach the error handler as itself (503), not as a 409.
 */
export function isUniqueViolation(err: unknown): boolean {
  if (isWriteFencedError(err)) return false;
  const code = driverErrorCode(err);
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505";
}

/**
 * True when a database error is a foreign-key violation (SQLite or PostgreSQL). Services check the
 * referenced or referencing rows first; on PostgreSQL a concurrent request can still change them
 * between the check and the write (a product created in a category being deleted): this turns
 * that race into the same answer the check gives.
 */
export function isForeignKeyViolation(err: unknown): boolean {
  if (isWriteFencedError(err)) return false;
  const code = driverErrorCode(err);
  return code === "SQLITE_CONSTRAINT_FOREIGNKEY" || code === "23503";
}
