import type { ChangeLogLayout } from "../sqlite/sqlite-change-log-layout";

/**
 * PostgreSQL capture (pg-capture-v1.ts): the log is `strangler.changes`. The writer does not
 * record a change's previous position (that would read the log in the writer's transaction, under
 * its snapshot); the reader finds it among committed changes, every one of which below a visible
 * position is committed and visible (positions follow commit order).
 */
export const PG_CHANGE_LOG_LAYOUT: ChangeLogLayout = Object.freeze({
  changes: `strangler.changes`,
  sourceQuery: `SELECT source FROM strangler.capture_context WHERE id = 1`,
  installFix: "install it with `npx strangler capture install --db postgres://… --tables …` (or a migration calling installPgCaptureV1).",
  previousPosition: `(SELECT max(p.position) FROM strangler.changes p WHERE p.table_name = c.table_name AND p.pk = c.pk AND p.position < c.position)`,
  hasPublishedColumn: false,
});
