import type { QueryRunner } from "typeorm";
import { captureShapeV1, captureTriggersSql, sqliteCaptureV1, type CapturedTableShape } from "./sqlite-capture-v1";
import { sqliteCaptureV3 } from "./sqlite-capture-v3";

/*
 * FROZEN (sqlite-capture-v4.test.ts pins the SQL). v4 stamps every logged change with its
 * COMMIT GROUP: a one-row table `_strangler_tx_clock (id = 1, n)` in the source database, and a
 * `tx` column in `_strangler_changes` that each trigger fills with the clock's `n`. SQLite has one
 * writer at a time: from a transaction's first write to its commit nobody else can commit, so no
 * tick of the clock can fall inside a transaction, and all changes of one transaction get the same
 * stamp (and are contiguous in position). The relay ticks the clock (n → n + 1, one brief write)
 * before it publishes the changes stamped n: after that no change can ever get stamp n, so the
 * group n is closed and complete — one or more WHOLE source transactions (docs/cdc.md, "Transactions").
 *
 * Two flavours, the triggers of an earlier version plus the stamp:
 * - `all-writes`: v1's triggers (every write, origin; no request id): the monolith's capture;
 * - `local-with-request-id`: v3's (local writes only, with the writer's request id): a service's.
 * The change log, its context table and the trigger names stay v1's.
 */

const LOG = "_strangler_changes";
/** The commit-group clock's table. */
export const TX_CLOCK_TABLE = "_strangler_tx_clock";

/** Which triggers get the stamp: v1's (every write) or v3's (local writes only, with the request id). */
export type CaptureV4Flavour = "all-writes" | "local-with-request-id";

export const sqliteCaptureV4 = Object.freeze({
  version: 4,

  /** The clock (one row, starting at 1) and the change log's `tx` column. */
  addTxClock(): string[] {
    return [
      `CREATE TABLE IF NOT EXISTS "${TX_CLOCK_TABLE}" ("id" INTEGER PRIMARY KEY CHECK ("id" = 1), "n" INTEGER NOT NULL)`,
      `INSERT OR IGNORE INTO "${TX_CLOCK_TABLE}" ("id", "n") VALUES (1, 1)`,
      `ALTER TABLE "${LOG}" ADD COLUMN "tx" INTEGER`,
    ];
  },

  /** Removes them again (down); SQLite 3.35+. */
  dropTxClock(): string[] {
    return [`ALTER TABLE "${LOG}" DROP COLUMN "tx"`, `DROP TABLE IF EXISTS "${TX_CLOCK_TABLE}"`];
  },

  /** The flavour's triggers, each logged change stamped with the clock's `n`. */
  createTriggers(shape: CapturedTableShape, flavour: CaptureV4Flavour): string[] {
    return flavour === "all-writes"
      ? captureTriggersSql(shape, { localOnly: false, txStamp: true })
      : captureTriggersSql(shape, { localOnly: true, requestId: true, txStamp: true });
  },

  /** Same trigger names as v1–v3. */
  dropTriggers(table: string): string[] {
    return sqliteCaptureV1.dropTriggers(table);
  },
});

export interface CaptureV4Options {
  tables: Record<string, { exclude?: string[] }>;
  flavour: CaptureV4Flavour;
}

/**
 * Migration helper (up), for a database whose capture is installed (v1 for `all-writes`, v3 for
 * `local-with-request-id`): adds the clock and the `tx` column, and replaces the triggers of
 * `tables` with v4's. Changes logged before it have no stamp (`tx` NULL): each is a group of its own.
 */
export async function upgradeSqliteCaptureToV4(runner: QueryRunner, options: CaptureV4Options): Promise<void> {
  for (const statement of sqliteCaptureV4.addTxClock()) await runner.query(statement);
  for (const [table, settings] of Object.entries(options.tables)) {
    const shape = await captureShapeV1(runner, table, settings.exclude);
    for (const statement of sqliteCaptureV4.dropTriggers(table)) await runner.query(statement);
    for (const statement of sqliteCaptureV4.createTriggers(shape, options.flavour)) await runner.query(statement);
  }
}

/** Migration helper (down): back to the flavour's earlier triggers (v1 or v3), without the clock and the `tx` column. */
export async function downgradeSqliteCaptureV4(runner: QueryRunner, options: CaptureV4Options): Promise<void> {
  for (const [table, settings] of Object.entries(options.tables)) {
    const shape = await captureShapeV1(runner, table, settings.exclude);
    for (const statement of sqliteCaptureV4.dropTriggers(table)) await runner.query(statement);
    const previous = options.flavour === "all-writes" ? sqliteCaptureV1.createTriggers(shape) : sqliteCaptureV3.createTriggers(shape);
    for (const statement of previous) await runner.query(statement);
  }
  for (const statement of sqliteCaptureV4.dropTxClock()) await runner.query(statement);
}
