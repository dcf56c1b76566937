import type { QueryRunner } from "typeorm";
import { CDC_ERROR_CODES, CdcError } from "../core/errors";
import { pgCaptureShapeV1, pgCaptureV1, POSITION_LOCK, REFUSE_TRUNCATE_FUNCTION, ROW_FUNCTION, literal, type PgCaptureOptions } from "./pg-capture-v1";

/*
 * FROZEN (pg-capture-v2.test.ts pins the SQL). Migrations and `strangler capture install` emit it:
 * never change what these functions return. A better design goes into pg-capture-v3.ts.
 *
 * Change capture of a PostgreSQL database, in the writer's own transaction, WITHOUT serialising
 * commits (v1 numbered under an exclusive advisory lock held through the commit's WAL flush).
 * - The row trigger, the TRUNCATE refusal, the log table and the context row are v1's
 *   (pg-capture-v1.ts); the context says `capture_version = 2`.
 * - A deferred constraint trigger (`number_change_v2`) numbers each change when its transaction
 *   commits. The transaction's first numbering takes the advisory lock of v1 in SHARED mode
 *   (numberers never wait for each other; the lock only announces "this transaction is numbering,
 *   until it has ended" in pg_locks), then ONE value b of the sequence `strangler.change_blocks`:
 *   its changes get the positions b·4096 + 0, 1, 2, … (a block), consecutive whatever others do.
 *   The block is remembered in the transaction-local setting `strangler.position_block`
 *   ("base:next ordinal:last change id written before the block was taken").
 * - Positions are no longer in commit order; the reader (pg-horizon.ts) reads only up to a
 *   horizon below which every position that will ever exist is committed or rolled back.
 * - Per row, positions still follow the order of the writes: a transaction takes its block after
 *   its last write, and a transaction that wrote a row another one also writes holds the row's
 *   lock until it has ended. A change written AFTER the transaction's block was taken (a writer
 *   under `SET CONSTRAINTS … IMMEDIATE`, or another deferred trigger writing at commit) moves the
 *   block to a fresh base, so it stays above whatever committed in between, and the transaction's
 *   changes stay consecutive.
 * - More than 4096 changes in one transaction: the next 4096 take another block (never fails the
 *   transaction). Such a transaction's changes are then not one range: the relay may publish it in
 *   two groups, as it already publishes a transaction above its maxGroupSize (1000) in parts.
 * - Positions stay below 2^53 (JavaScript numbers) for 2^41 blocks: 70 years at 1,000 captured
 *   transactions per second.
 * - Upgrade from v1 (upgradeFromV1): under an ACCESS EXCLUSIVE lock of `strangler.changes`, so
 *   every transaction that logged a change under v1 has ended and every later one numbers with
 *   v2; the block sequence starts above every v1 position.
 */

/** Changes per block: positions are base · 2^12 + ordinal. */
export const PG_POSITION_BLOCK_BITS = 12;
export const PG_POSITION_BLOCK = 2 ** PG_POSITION_BLOCK_BITS;
const NUMBER_TRIGGER = "number_change_v2";

const NUMBER_FUNCTION = `CREATE OR REPLACE FUNCTION strangler.number_change_v2() RETURNS trigger LANGUAGE plpgsql AS $body$
DECLARE
  block text := current_setting('strangler.position_block', true);
  base bigint;
  ordinal integer;
  written_through bigint;
  moved bigint;
BEGIN
  IF coalesce(block, '') = '' THEN
    PERFORM pg_advisory_xact_lock_shared(${POSITION_LOCK});
    base := nextval('strangler.change_blocks');
    ordinal := 0;
    written_through := currval('strangler.changes_id_seq');
  ELSE
    base := split_part(block, ':', 1)::bigint;
    ordinal := split_part(block, ':', 2)::integer;
    written_through := split_part(block, ':', 3)::bigint;
    IF NEW.id > written_through THEN
      moved := nextval('strangler.change_blocks');
      UPDATE strangler.changes SET position = position + (moved - base) * ${PG_POSITION_BLOCK}
       WHERE position >= base * ${PG_POSITION_BLOCK} AND position < (base + 1) * ${PG_POSITION_BLOCK};
      base := moved;
      written_through := currval('strangler.changes_id_seq');
    END IF;
    IF ordinal >= ${PG_POSITION_BLOCK} THEN
      base := nextval('strangler.change_blocks');
      ordinal := 0;
    END IF;
  END IF;
  UPDATE strangler.changes
     SET position = base * ${PG_POSITION_BLOCK} + ordinal,
         committed_at = to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
   WHERE id = NEW.id;
  PERFORM set_config('strangler.position_block', base || ':' || (ordinal + 1) || ':' || written_through, true);
  RETURN NULL;
END
$body$`;

const BLOCK_SEQUENCE = `CREATE SEQUENCE IF NOT EXISTS strangler.change_blocks AS bigint MAXVALUE ${2 ** (53 - PG_POSITION_BLOCK_BITS) - 1}`;
const NUMBER_TRIGGER_STATEMENTS = [
  `DROP TRIGGER IF EXISTS ${NUMBER_TRIGGER} ON strangler.changes`,
  `CREATE CONSTRAINT TRIGGER ${NUMBER_TRIGGER} AFTER INSERT ON strangler.changes DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION strangler.number_change_v2()`,
];

/** The versioned SQL generator for PostgreSQL capture v2. Pure: same input, same statements, forever. */
export const pgCaptureV2 = Object.freeze({
  version: 2,

  /** A new log (none there yet): schema, context (version 2), log table, block sequence, functions, numbering trigger. */
  createLog(source: string): string[] {
    const v1 = pgCaptureV1.createLog(source);
    return [
      v1[0], // the schema
      v1[1], // the context table
      `INSERT INTO strangler.capture_context (id, source, capture_version) VALUES (1, ${literal(source)}, 2) ON CONFLICT (id) DO NOTHING`,
      v1[4], // the log table
      v1[5], // its index by row
      BLOCK_SEQUENCE,
      ROW_FUNCTION,
      NUMBER_FUNCTION,
      REFUSE_TRUNCATE_FUNCTION,
      ...NUMBER_TRIGGER_STATEMENTS,
    ];
  },

  /**
   * A v1 log becomes v2, in the caller's transaction, with writers running: the lock waits for every
   * transaction that logged a change (they number with v1 and end), and holds any new one until the
   * upgrade commits; those then number with v2 (each looks the trigger up when it takes the lock).
   * The block sequence starts above every position v1 gave.
   */
  upgradeFromV1(): string[] {
    return [
      `LOCK TABLE strangler.changes IN ACCESS EXCLUSIVE MODE`,
      BLOCK_SEQUENCE,
      // The last block handed out is one whose bound covers every v1 position: a reader's horizon
      // covers them at once, and the first v2 block lies above them all.
      `SELECT setval('strangler.change_blocks', greatest(1, ` +
        `(SELECT coalesce(max(position), 0) FROM strangler.changes) / ${PG_POSITION_BLOCK}, ` +
        `(SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM strangler.change_positions) / ${PG_POSITION_BLOCK}, ` +
        `(SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM strangler.change_blocks)), true)`,
      NUMBER_FUNCTION,
      `DROP TRIGGER IF EXISTS number_change ON strangler.changes`,
      ...NUMBER_TRIGGER_STATEMENTS,
      `UPDATE strangler.capture_context SET capture_version = 2 WHERE id = 1`,
    ];
  },

  /**
   * Back to v1 (a migration's down), under the same lock: v1 positions continue above every v2
   * position (its sequence is moved past them), so no reader misses one.
   */
  downgradeToV1(source: string): string[] {
    const v1 = pgCaptureV1.createLog(source);
    return [
      `LOCK TABLE strangler.changes IN ACCESS EXCLUSIVE MODE`,
      `CREATE SEQUENCE IF NOT EXISTS strangler.change_positions AS bigint`,
      `SELECT setval('strangler.change_positions', greatest((SELECT coalesce(max(position), 0) FROM strangler.changes), ` +
        `(SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM strangler.change_positions), ` +
        `(SELECT CASE WHEN is_called THEN (last_value + 1) * ${PG_POSITION_BLOCK} ELSE 0 END FROM strangler.change_blocks), 1))`,
      `DROP TRIGGER IF EXISTS ${NUMBER_TRIGGER} ON strangler.changes`,
      v1[7], // v1's numbering function
      v1[9], // and its trigger
      v1[10],
      `UPDATE strangler.capture_context SET capture_version = 1 WHERE id = 1`,
    ];
  },

  /** Removes every trace: the schema with the log and functions (drop the tables' triggers first). */
  dropLog(): string[] {
    return pgCaptureV1.dropLog();
  },

  /** The capture trigger of one table and the TRUNCATE refusal: v1's, unchanged. */
  createTriggers: pgCaptureV1.createTriggers,
  dropTriggers: pgCaptureV1.dropTriggers,
});

/** The capture version of the database's log, or null when there is none. */
export async function pgCaptureVersion(runner: QueryRunner): Promise<number | null> {
  const [present] = (await runner.query(`SELECT to_regclass('strangler.capture_context') IS NOT NULL AS "present"`)) as Array<{ present: boolean }>;
  if (!present.present) return null;
  const [row] = (await runner.query(`SELECT capture_version AS "version" FROM strangler.capture_context WHERE id = 1`)) as Array<{ version: number }>;
  return row ? Number(row.version) : null;
}

/**
 * Migration helper (up): a new log is created as v2; a v1 log is upgraded to v2 (upgradePgCaptureV1ToV2);
 * then the triggers on each table. Idempotent. In the caller's transaction.
 */
export async function installPgCaptureV2(runner: QueryRunner, options: PgCaptureOptions): Promise<void> {
  const version = await pgCaptureVersion(runner);
  if (version === 1) await upgradePgCaptureV1ToV2(runner);
  else for (const statement of pgCaptureV2.createLog(options.source)) await runner.query(statement);
  for (const [table, settings] of Object.entries(options.tables)) {
    const shape = await pgCaptureShapeV1(runner, table, settings.exclude);
    for (const statement of pgCaptureV2.createTriggers(shape, options.source, options.localOnly ?? false)) await runner.query(statement);
  }
}

/** Attempts at the log's lock, each waiting at most LOCK_WAIT: writers queue behind a waiting lock, so never long. */
const LOCK_ATTEMPTS = 150;
const LOCK_WAIT = "200ms";

const lockTimedOut = (err: unknown): boolean => {
  const failure = err as { code?: string; driverError?: { code?: string } };
  return (failure.code ?? failure.driverError?.code) === "55P03";
};

/**
 * Upgrades a v1 log to v2 while the application writes (in the caller's transaction, which must be
 * open). The lock is tried for at most 200 ms at a time (captured writers queue behind a waiting
 * lock request, so they pause at most that long), up to 150 times, 0.1–1 s apart; then it gives up
 * (CDC_ERR_CAPTURE_UPGRADE, nothing changed). Nothing else waits for it. Does nothing on a v2 log.
 */
export async function upgradePgCaptureV1ToV2(runner: QueryRunner): Promise<void> {
  if ((await pgCaptureVersion(runner)) !== 1) return;
  const [lock, ...rest] = pgCaptureV2.upgradeFromV1();
  for (let attempt = 1; ; attempt++) {
    await runner.query(`SAVEPOINT strangler_upgrade`);
    try {
      await runner.query(`SET LOCAL lock_timeout = '${LOCK_WAIT}'`);
      await runner.query(lock);
      await runner.query(`SET LOCAL lock_timeout = 0`);
      break;
    } catch (err) {
      await runner.query(`ROLLBACK TO SAVEPOINT strangler_upgrade`);
      if (!lockTimedOut(err)) throw err;
      if (attempt >= LOCK_ATTEMPTS) {
        throw new CdcError(
          CDC_ERROR_CODES.captureUpgrade,
          `Capture v1 → v2 was not upgraded: ${LOCK_ATTEMPTS} tries of ${LOCK_WAIT} did not get the change log's lock (a transaction that logged changes stayed open throughout); nothing was changed. Fix: run it again when no long write transaction is open (pg_stat_activity, state 'idle in transaction').`,
          { cause: err },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 100 * attempt)));
    }
  }
  await runner.query(`RELEASE SAVEPOINT strangler_upgrade`);
  for (const statement of rest) await runner.query(statement);
}

/** Migration helper (down of an upgrade): the log numbers with v1 again; nothing is lost. */
export async function downgradePgCaptureV2ToV1(runner: QueryRunner, source: string): Promise<void> {
  if ((await pgCaptureVersion(runner)) !== 2) return;
  for (const statement of pgCaptureV2.downgradeToV1(source)) await runner.query(statement);
}

/** Names of the triggers capture v2 adds to v1's: the numbering trigger on the log. */
export const PG_CAPTURE_V2_TRIGGERS = Object.freeze({ number: NUMBER_TRIGGER });
