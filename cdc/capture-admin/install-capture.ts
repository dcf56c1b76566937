import type { DataSource } from "typeorm";
import { CDC_ERROR_CODES, CdcError } from "../core/errors";
import { installPgCaptureV1 } from "../postgres/pg-capture-v1";
import { installPgCaptureV2, pgCaptureVersion } from "../postgres/pg-capture-v2";
import { installSqliteCaptureV1, sqliteCaptureV1 } from "../sqlite/sqlite-capture-v1";
import { readCaptureStatus, type CaptureStatus } from "./capture-status";
import { inTransaction } from "./in-transaction";

export interface InstallCaptureOptions {
  /** Name of the database in change events (default origin, first part of the stream's subjects). */
  source: string;
  /** Tables to capture (`schema.table` or a bare name on PostgreSQL), each with columns that never leave the database. */
  tables: Record<string, { exclude?: string[] }>;
}

/**
 * Installs change capture on an existing database, without the application's code: the log and
 * its context (PostgreSQL: the schema `strangler`; SQLite: `_strangler_*` tables) and one trigger
 * set per listed table. In one transaction: all of it or nothing. Idempotent: a table captured
 * already gets its triggers again (new exclusions apply); tables not listed keep theirs. The
 * frozen generators used: PostgreSQL pg-capture-v2 on a database without capture, pg-capture-v1
 * where v1 is installed already (kept as it is); SQLite sqlite-capture-v1. Every write is logged
 * with its origin, as for a monolith.
 */
export async function installCapture(db: DataSource, options: InstallCaptureOptions): Promise<CaptureStatus> {
  const before = await readCaptureStatus(db);
  if (before.installed && before.source !== options.source) {
    throw new CdcError(
      CDC_ERROR_CODES.captureConflict,
      `Capture is installed in this database with source "${before.source}", not "${options.source}"; nothing was changed. Fix: pass --source ${before.source}, or uninstall it first.`,
    );
  }
  if (db.options.type !== "postgres" && before.installed) {
    const columns = (await db.query(`PRAGMA table_info("_strangler_changes")`)) as Array<{ name: string }>;
    if (columns.some((column) => column.name === "request_id")) {
      throw new CdcError(CDC_ERROR_CODES.captureConflict, "This SQLite database's capture was installed by a service's migrations (capture v3); nothing was changed. Manage it through those migrations.");
    }
  }
  await inTransaction(db, async (runner) => {
    // PostgreSQL: a new log is v2 (no commit serialisation); a v1 log keeps v1 (its migrations or an upgrade move it).
    if (db.options.type === "postgres") await ((await pgCaptureVersion(runner)) === 1 ? installPgCaptureV1 : installPgCaptureV2)(runner, options);
    else {
      for (const table of Object.keys(options.tables)) for (const statement of sqliteCaptureV1.dropTriggers(table)) await runner.query(statement);
      await installSqliteCaptureV1(runner, options);
    }
  });
  return readCaptureStatus(db);
}
