import type { DataSource, EntityManager } from "typeorm";

/** Where a dialect keeps its change log, for the one reader of both (sql-change-log.ts). */
export interface ChangeLogLayout {
  /** The change log table, quoted for SQL. */
  changes: string;
  /** Reads the database's source name (one row with `source`). */
  sourceQuery: string;
  /** What to do when the capture is missing (the end of an error message). */
  installFix: string;
  /** SQL for the previous position of change `c`'s row (a column, or a lookup). */
  previousPosition: string;
  /** The log has the old `published` column of capture v1 (legacyPublishedThrough reads it). */
  hasPublishedColumn: boolean;
  /**
   * The log's safe head, when it is not simply its highest position (PostgreSQL: capture v2 hands
   * positions out in block order, not commit order; cdc/postgres/pg-horizon.ts). Unset: MAX(position).
   */
  safeHead?: (db: DataSource | EntityManager) => Promise<number>;
  /** Positions leave gaps by design (PostgreSQL v2 blocks): count rows, never subtract positions. */
  sparsePositions?: boolean;
}

/** SQLite capture (cdc/sqlite/sqlite-capture-v1.ts …): the writer records each change's previous position. */
export const SQLITE_CHANGE_LOG_LAYOUT: ChangeLogLayout = Object.freeze({
  changes: `"_strangler_changes"`,
  sourceQuery: `SELECT "source" FROM "_strangler_capture_context" WHERE "id" = 1`,
  installFix: "run the migration that installs it (installSqliteCaptureV1), or `npx strangler capture install --db <file> --tables …`.",
  previousPosition: `c."previous_position"`,
  hasPublishedColumn: true,
});
