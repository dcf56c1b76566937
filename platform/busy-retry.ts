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
 * True when SQLite refused a write because another connection holds (or just released) the write
 * lock, in a way `busy_timeout` does not wait out — also inside TypeORM's QueryFailedError:
 * - `SQLITE_BUSY_SNAPSHOT`: in WAL mode, a transaction that has read cannot write once another
 *   connection committed after its read began;
 * - `SQLITE_BUSY`: a transaction that has read and then writes while another connection holds the
 *   write lock is refused at once (SQLite does not wait on a read-to-write upgrade: it could deadlock).
 * Both roll the transaction back whole; running it again is the fix.
 */
export function isBusyWrite(err: unknown): boolean {
  const code = driverErrorCode(err);
  return code === "SQLITE_BUSY_SNAPSHOT" || code === "SQLITE_BUSY";
}

/**
 * Runs a write transaction, and runs it again while SQLite refuses it as busy (`isBusyWrite`):
 * another connection of the same file — a sync consumer, a fence, another process of the app —
 * held the write lock at the moment this one went from reading to writing. The refused transaction
 * rolled back whole, so a transaction that does nothing but database work is safe to run again.
 * Retries for up to `withinMs` (default 5 s, like a busy timeout), 2 ms apart growing to 50 ms.
 */
export async function retryWhenBusy<T>(transaction: () => Promise<T>, withinMs = 5000): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (err) {
      if (!isBusyWrite(err) || Date.now() >= deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.min(attempt * 2, 50)));
    }
  }
}
