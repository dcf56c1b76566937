import { HttpError } from "./http-error";

/**
 * Text every write-fence refusal carries in its message (the SQLite fence triggers raise it, see
 * cdc/sqlite/sqlite-write-fence-v1.ts; a unit test there keeps the two equal).
 */
export const WRITE_FENCED_MARK = "STRANGLER_WRITE_FENCED";

const carriesMark = (value: unknown): boolean => {
  const message = (value as { message?: unknown } | null | undefined)?.message;
  return typeof message === "string" && message.includes(WRITE_FENCED_MARK);
};

/**
 * True when `err` is the database refusing a write because the table is fenced: an Error whose
 * message carries the mark, or one wrapping such an error (TypeORM's QueryFailedError keeps the
 * driver's error in `driverError`; other wrappers in `cause`).
 */
export function isWriteFencedError(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (carriesMark(current) || carriesMark((current as { driverError?: unknown }).driverError)) return true;
    current = current.cause;
  }
  return false;
}

/** Header telling the proxy the write did not commit (it may retry a keyed write elsewhere). */
export const NOT_COMMITTED_HEADER = "x-strangler-not-committed";

/** The answer to a fenced write: 503, retry after a second, nothing committed. */
export function writeFencedAnswer(code: string): HttpError {
  return new HttpError(503, code, "Writes to this data are fenced here: its owner is changing (retry shortly) or another service owns it now (send the write through the proxy). Nothing was changed.", undefined, {
    "Retry-After": "1",
    [NOT_COMMITTED_HEADER]: "1",
  });
}
