import type { QueryRunner } from "typeorm";
import { captureShapeV1, captureTriggersSql, sqliteCaptureV1, type CapturedTableShape } from "./sqlite-capture-v1";

/*
 * FROZEN (sqlite-capture-v2.test.ts pins the SQL). v2 captures only the database's own writes: a
 * write made by a sync applier (its transaction carries a capture origin) is not logged. For an
 * extracted service's database: what sync copied in from the monolith is the monolith's change,
 * already in the monolith's log; logging it again would only send it back to be recorded there —
 * a write into the legacy database for every change it made itself. The change log, its context
 * table and the drop statements are v1's.
 */
export const sqliteCaptureV2 = Object.freeze({
  version: 2,

  /** AFTER INSERT/UPDATE/DELETE triggers that fire only for writes without a capture origin. */
  createTriggers(shape: CapturedTableShape): string[] {
    return captureTriggersSql(shape, { localOnly: true });
  },

  dropTriggers(table: string): string[] {
    return sqliteCaptureV1.dropTriggers(table);
  },
});

/**
 * Migration helper (up): replaces the capture triggers of `tables` (installed by
 * installSqliteCaptureV1, whose log and context stay) with v2's, which log local writes only.
 */
export async function upgradeSqliteCaptureToLocalOnlyV2(runner: QueryRunner, tables: Record<string, { exclude?: string[] }>): Promise<void> {
  for (const [table, settings] of Object.entries(tables)) {
    const shape = await captureShapeV1(runner, table, settings.exclude);
    for (const statement of sqliteCaptureV2.dropTriggers(table)) await runner.query(statement);
    for (const statement of sqliteCaptureV2.createTriggers(shape)) await runner.query(statement);
  }
}

/** Migration helper (down): back to v1's triggers, which log every write. */
export async function downgradeSqliteCaptureToV1(runner: QueryRunner, tables: Record<string, { exclude?: string[] }>): Promise<void> {
  for (const [table, settings] of Object.entries(tables)) {
    const shape = await captureShapeV1(runner, table, settings.exclude);
    for (const statement of sqliteCaptureV1.dropTriggers(table)) await runner.query(statement);
    for (const statement of sqliteCaptureV1.createTriggers(shape)) await runner.query(statement);
  }
}
