import type { ChangeLogLayout } from "../sqlite/sqlite-change-log-layout";
import { pgSafeHead } from "./pg-horizon";

/**
 * PostgreSQL capture (pg-capture-v1.ts, pg-capture-v2.ts): the log is `strangler.changes`. The
 * writer does not record a change's previous position (that would read the log in the writer's
 * transaction, under its snapshot); the reader finds it among committed changes, every one of
 * which at or below the safe head is committed and visible (pg-horizon.ts: v1's positions follow
 * commit order; v2's safe head waits for the transactions that are numbering). Per row, positions
 * follow the order of the writes in both versions. The safe head reads the version each time, so a
 * log upgraded from v1 to v2 while a reader runs is read right.
 */
export const PG_CHANGE_LOG_LAYOUT: ChangeLogLayout = Object.freeze({
  changes: `strangler.changes`,
  sourceQuery: `SELECT source FROM strangler.capture_context WHERE id = 1`,
  installFix: "install it with `npx strangler capture install --db postgres://… --tables …` (or a migration calling installPgCaptureV2).",
  previousPosition: `(SELECT max(p.position) FROM strangler.changes p WHERE p.table_name = c.table_name AND p.pk = c.pk AND p.position < c.position)`,
  hasPublishedColumn: false,
  safeHead: pgSafeHead,
  sparsePositions: true,
});
