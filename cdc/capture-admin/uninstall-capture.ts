import type { DataSource } from "typeorm";
import { CDC_ERROR_CODES, CdcError } from "../core/errors";
import { pgCaptureV1, pgTableName } from "../postgres/pg-capture-v1";
import { sqliteCaptureV1 } from "../sqlite/sqlite-capture-v1";
import { readCaptureStatus, type CaptureStatus } from "./capture-status";
import { inTransaction } from "./in-transaction";

/**
 * Removes every trace of change capture from `db`: the triggers on every captured table (found by
 * their names, listed or not) and the log with its context (PostgreSQL: the schema `strangler`).
 * The application's tables and rows stay as they are. A log that still holds changes is refused
 * unless `force`: they may not all have been published yet. One transaction.
 */
export async function uninstallCapture(db: DataSource, options: { force?: boolean } = {}): Promise<CaptureStatus> {
  const before = await readCaptureStatus(db);
  if (before.changes > 0 && !options.force) {
    throw new CdcError(
      CDC_ERROR_CODES.captureNotEmpty,
      `The change log still holds ${before.changes} changes (up to position ${before.head}); nothing was removed. A relay may not have published them all. Fix: stop the application's writes, let the relay catch up (strangler status), then rerun with --force.`,
    );
  }
  await inTransaction(db, async (runner) => {
    if (db.options.type === "postgres") {
      for (const name of before.tables) {
        const { schema, table } = pgTableName(name);
        for (const statement of pgCaptureV1.dropTriggers(schema ?? "public", table)) await runner.query(statement);
      }
      for (const statement of pgCaptureV1.dropLog()) await runner.query(statement);
    } else {
      for (const table of before.tables) for (const statement of sqliteCaptureV1.dropTriggers(table)) await runner.query(statement);
      for (const statement of sqliteCaptureV1.dropLog()) await runner.query(statement);
    }
  });
  return readCaptureStatus(db);
}
