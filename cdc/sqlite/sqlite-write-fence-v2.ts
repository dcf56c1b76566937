import type { QueryRunner } from "typeorm";
import { CdcError } from "../core/errors";
import { WRITE_FENCE_TABLE } from "./sqlite-write-fence-v1";

/*
 * FROZEN like sqlite-write-fence-v1.ts (sqlite-write-fence-v2.test.ts pins the SQL). v2 adds who
 * holds each fence row: a cut-over's lease id, or `ownership` for the non-owner's standing fence.
 * Whoever lifts a fence row names the holder it saw, so a stale actor (a cut-over whose lease
 * expired, a keeper that was paused) can never lift a fence somebody else set since.
 */
export const sqliteWriteFenceV2 = Object.freeze({
  version: 2,

  /** Adds the holder column to the v1 fence table (rows fenced before it hold NULL). */
  addHolder(): string[] {
    return [`ALTER TABLE "${WRITE_FENCE_TABLE}" ADD COLUMN "holder" TEXT`];
  },
});

async function hasHolder(runner: QueryRunner): Promise<boolean> {
  const columns = (await runner.query(`PRAGMA table_info("${WRITE_FENCE_TABLE}")`)) as Array<{ name: string }>;
  if (columns.length === 0) {
    throw new CdcError("CDC_ERR_NOT_INSTALLED", `Cannot add the fence holder: this database has no "${WRITE_FENCE_TABLE}". Run the migration that calls installSqliteWriteFenceV1 first.`);
  }
  return columns.some((column) => column.name === "holder");
}

/** Migration helper (up): the holder column on the fence table installed by installSqliteWriteFenceV1. Idempotent. */
export async function upgradeSqliteWriteFenceV2(runner: QueryRunner): Promise<void> {
  if (await hasHolder(runner)) return;
  for (const statement of sqliteWriteFenceV2.addHolder()) await runner.query(statement);
}
