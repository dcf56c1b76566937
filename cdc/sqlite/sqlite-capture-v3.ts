import type { QueryRunner } from "typeorm";
import { captureShapeV1, captureTriggersSql, sqliteCaptureV1, type CapturedTableShape, type SqliteCaptureOptions } from "./sqlite-capture-v1";
import { sqliteCaptureV2 } from "./sqlite-capture-v2";

/*
 * FROZEN (sqlite-capture-v3.test.ts pins the SQL). v3 is v2 (only the database's own writes are
 * logged) plus the request id: the change log and the capture context get a `request_id` column,
 * and each logged change takes the context's `request_id` — set by the service's writer inside its
 * write transaction (`setCaptureRequestId(tx, id)`) and cleared before commit, like the origin. So
 * a change carries the `x-request-id` of the HTTP request that made it. For a service's database;
 * the monolith keeps v1 (its legacy code cannot set anything in its transactions). The triggers come
 * from the builder v1 and v2 share (`captureTriggersSql`); every version's output is pinned by its test.
 */

const LOG = "_strangler_changes";
const CONTEXT = "_strangler_capture_context";

export const sqliteCaptureV3 = Object.freeze({
  version: 3,

  /** Adds `request_id` to the change log (v1's table) and to the capture context. */
  addRequestIdColumns(): string[] {
    return [`ALTER TABLE "${LOG}" ADD COLUMN "request_id" TEXT`, `ALTER TABLE "${CONTEXT}" ADD COLUMN "request_id" TEXT`];
  },

  /** Removes them again (down); SQLite 3.35+. */
  dropRequestIdColumns(): string[] {
    return [`ALTER TABLE "${CONTEXT}" DROP COLUMN "request_id"`, `ALTER TABLE "${LOG}" DROP COLUMN "request_id"`];
  },

  /** AFTER INSERT/UPDATE/DELETE triggers for writes without a capture origin, logging the context's request id. */
  createTriggers(shape: CapturedTableShape): string[] {
    return captureTriggersSql(shape, { localOnly: true, requestId: true });
  },

  /** Same trigger names as v1 and v2. */
  dropTriggers(table: string): string[] {
    return sqliteCaptureV1.dropTriggers(table);
  },
});

/**
 * Migration helper (up), for a database whose capture v1/v2 is installed: adds the request-id
 * columns and replaces the triggers of `tables` with v3's (local writes only, with request id).
 */
export async function upgradeSqliteCaptureToV3(runner: QueryRunner, tables: Record<string, { exclude?: string[] }>): Promise<void> {
  for (const statement of sqliteCaptureV3.addRequestIdColumns()) await runner.query(statement);
  for (const [table, settings] of Object.entries(tables)) {
    const shape = await captureShapeV1(runner, table, settings.exclude);
    for (const statement of sqliteCaptureV3.dropTriggers(table)) await runner.query(statement);
    for (const statement of sqliteCaptureV3.createTriggers(shape)) await runner.query(statement);
  }
}

/** Migration helper (down): back to v2's triggers, without the request-id columns. */
export async function downgradeSqliteCaptureV3ToV2(runner: QueryRunner, tables: Record<string, { exclude?: string[] }>): Promise<void> {
  for (const [table, settings] of Object.entries(tables)) {
    const shape = await captureShapeV1(runner, table, settings.exclude);
    for (const statement of sqliteCaptureV3.dropTriggers(table)) await runner.query(statement);
    for (const statement of sqliteCaptureV2.createTriggers(shape)) await runner.query(statement);
  }
  for (const statement of sqliteCaptureV3.dropRequestIdColumns()) await runner.query(statement);
}

/** Migration helper (up) for a new service database: v1's change log and context, then v3 on each table. */
export async function installSqliteCaptureV3(runner: QueryRunner, options: SqliteCaptureOptions): Promise<void> {
  for (const statement of sqliteCaptureV1.createLog(options.source)) await runner.query(statement);
  await upgradeSqliteCaptureToV3(runner, options.tables);
}

/** Migration helper (down) of installSqliteCaptureV3: removes the triggers; with `dropLog` also the change log tables. */
export async function uninstallSqliteCaptureV3(runner: QueryRunner, options: { tables: string[]; dropLog?: boolean }): Promise<void> {
  for (const table of options.tables) for (const statement of sqliteCaptureV3.dropTriggers(table)) await runner.query(statement);
  if (options.dropLog) for (const statement of sqliteCaptureV1.dropLog()) await runner.query(statement);
}
