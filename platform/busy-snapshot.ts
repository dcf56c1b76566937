/**
 * The database driver's error code of `err` (`SQLITE_BUSY_SNAPSHOT`, `23505`…): TypeORM's
 * QueryFailedError keeps it on `driverError`, a bare driver error on itself.
 */
export function driverErrorCode(err: unknown): string | undefined {
  const codeOf = (value: unknown): unknown => (value as { code?: unknown } | null | undefined)?.code;
  const code = codeOf((err as { driverError?: unknown } | null | undefined)?.driverError) ?? codeOf(err);
  return typeof code === "string" ? code : undefined;
}

/**
 * True for SQLite's `SQLITE_BUSY_SNAPSHOT`, also inside TypeORM's QueryFailedError (`driverError`).
 * In WAL mode a transaction that has read cannot become a writer once another connection committed
 * after its read began: SQLite refuses at once, without waiting out `busy_timeout`.
 */
export function isBusySnapshot(err: unknown): boolean {
  return driverErrorCode(err) === "SQLITE_BUSY_SNAPSHOT";
}

/**
 * Runs a write transaction, and runs it again when SQLite refused it with `SQLITE_BUSY_SNAPSHOT`
 * (another connection — a relay marking changes published, a sync consumer, a fence — committed
 * between its first read and its first write). The refused transaction rolled back whole, so a
 * transaction that does nothing but database work is safe to run again. Gives up after `attempts`.
 */
export async function retryOnBusySnapshot<T>(transaction: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (err) {
      if (!isBusySnapshot(err) || attempt >= attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, attempt * 2));
    }
  }
}
