import type { DataSource, EntityManager } from "typeorm";
import { CDC_ERROR_CODES, CdcError } from "../core/errors";
import { runSql } from "../sqlite/sql-text";
import { POSITION_LOCK } from "./pg-capture-v1";
import { PG_POSITION_BLOCK } from "./pg-capture-v2";

/*
 * The safe head of a PostgreSQL change log: the highest committed position P such that every
 * position at or below P that will ever exist is committed (or rolled back) and visible to any read
 * that starts afterwards, and P ends a transaction. The relay cuts its transaction groups at it;
 * read-your-writes and the cut-over's drain read it after a write.
 *
 * v1 (positions in commit order): the highest position, read in the same snapshot as the version.
 *
 * v2 (pg-capture-v2.ts; positions in order of the block sequence, not of commits):
 *   1. S := the block sequence's last value (sequences are not transactional: it is current).
 *   2. H := the transactions holding the numbering lock now (pg_locks; v2 holds it shared, v1
 *      exclusive, from before it takes its block until it has ENDED — PostgreSQL releases a
 *      transaction's locks after its commit is visible).
 *   3. Wait until none of H holds it any more.
 *   4. P := the highest position ≤ (S + 1) · 4096 − 1, read now.
 * Why nothing is skipped: a transaction with a block b ≤ S took it before step 1, and took the lock
 * before its block; so at step 2 it either holds the lock (in H: step 3 waits for its end) or has
 * ended already (its locks are released only after its commit became visible). Either way it has
 * ended, visibly, before step 4. Every block taken after step 1 is > S, and every position ≤ the
 * bound has a block ≤ S. The highest position ≤ the bound ends its transaction (a block holds one
 * transaction's changes, ordinals upwards; a transaction of more than 4096 changes spans several
 * blocks and may end up in two groups, as pg-capture-v2.ts says). And a transaction that committed before the call has
 * b ≤ S and is visible at step 4: P is at or above its positions (read-your-writes).
 * pg_xact_status would not do for step 3: it says "committed" as soon as the commit log does,
 * before the transaction's rows are visible to new snapshots (and, with a synchronous standby, for
 * as long as the commit waits for it).
 * Cheap: when S has not moved since the last proven horizon, one query and no look at pg_locks.
 */

/** The numbering lock (pg-capture-v1.ts POSITION_LOCK) as pg_locks shows a bigint key: high and low 32 bits, objsubid 1. */
const LOCK_KEY = BigInt(POSITION_LOCK);
const LOCK_ROW = `l.locktype = 'advisory' AND l.objsubid = 1 AND l.classid = ${LOCK_KEY >> 32n} AND l.objid = ${LOCK_KEY & 0xffffffffn} AND l.granted
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
/** How long one horizon waits for transactions in the middle of their commit before it gives up (and says who). */
const WAIT_LIMIT_MS = 5000;

interface HorizonState {
  /** The block sequence (its oid: a reinstalled capture starts afresh). */
  sequence: string | null;
  /** Every block at or below it belongs to an ended transaction. */
  proven: number;
}

const states = new WeakMap<object, HorizonState>();

type Db = DataSource | EntityManager;

const bound = (blocks: number): number => (blocks + 1) * PG_POSITION_BLOCK - 1;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The safe head of the PostgreSQL change log of `db` (v1 or v2, read from `strangler.capture_context`). */
export async function pgSafeHead(db: Db): Promise<number> {
  const key = "connection" in db ? db.connection : db;
  const state = states.get(key) ?? { sequence: null, proven: -1 };
  states.set(key, state);
  // What was proven when the query starts: its "head" column is bounded by it (another call may prove more meanwhile).
  const proven = state.proven;
  const sequenceSeen = state.sequence;
  const [row] = await runSql<Array<{ version: number; sequence: string | null; last: string | null; head: string | null; all: string | null }>>(
    db,
    `SELECT c.capture_version AS "version", to_regclass('strangler.change_blocks')::oid::text AS "sequence",
            pg_sequence_last_value(to_regclass('strangler.change_blocks')) AS "last",
            (SELECT MAX(position) FROM strangler.changes) AS "all",
            (SELECT MAX(position) FROM strangler.changes WHERE position <= ?) AS "head"
       FROM strangler.capture_context c WHERE c.id = 1`,
    [bound(proven)],
  );
  if (!row || Number(row.version) < 2) return Number(row?.all ?? 0);
  const blocks = Number(row.last ?? 0);
  if (row.sequence === sequenceSeen && blocks <= proven) return Number(row.head ?? 0);
  if (row.sequence !== state.sequence) {
    // First look, or the capture was installed again (a new sequence): nothing proven yet.
    state.sequence = row.sequence;
    state.proven = -1;
  }
  await waitForNumberers(db);
  state.proven = Math.max(state.proven, blocks);
  const [head] = await runSql<Array<{ head: string | null }>>(db, `SELECT MAX(position) AS "head" FROM strangler.changes WHERE position <= ?`, [bound(blocks)]);
  return Number(head?.head ?? 0);
}

/** Waits until every transaction that holds the numbering lock now has ended (step 3). */
async function waitForNumberers(db: Db): Promise<void> {
  const holders = (await runSql<Array<{ vxid: string }>>(db, `SELECT l.virtualtransaction AS "vxid" FROM pg_locks l WHERE ${LOCK_ROW}`)).map((holder) => holder.vxid);
  const started = Date.now();
  let pause = 1;
  while (holders.length > 0) {
    const still = await runSql<Array<{ vxid: string }>>(db, `SELECT l.virtualtransaction AS "vxid" FROM pg_locks l WHERE ${LOCK_ROW} AND l.virtualtransaction = ANY(?::text[])`, [holders]);
    if (still.length === 0) return;
    if (Date.now() - started > WAIT_LIMIT_MS) throw await heldError(db, still.map((holder) => holder.vxid));
    holders.splice(0, holders.length, ...still.map((holder) => holder.vxid));
    await sleep(pause);
    pause = Math.min(20, pause * 2);
  }
}

async function heldError(db: Db, vxids: string[]): Promise<CdcError> {
  const rows = await runSql<Array<{ pid: number | null; age: string | null; state: string | null }>>(
    db,
    `SELECT l.pid, (extract(epoch FROM now() - a.xact_start))::int::text AS "age", a.state
       FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid WHERE ${LOCK_ROW} AND l.virtualtransaction = ANY(?::text[])`,
    [vxids],
  );
  const who = rows.map((row) => (row.pid === null ? "a prepared transaction" : `pid ${row.pid} (in its transaction for ${row.age ?? "?"} s, ${row.state ?? "state unknown"})`)).join(", ");
  return new CdcError(
    CDC_ERROR_CODES.horizonHeld,
    `The change log cannot be read past a transaction that has been committing for over ${WAIT_LIMIT_MS / 1000} s: ${who || "it ended meanwhile"}. Nothing is read past it until it ends. Fix: end it (COMMIT PREPARED / ROLLBACK PREPARED for a prepared transaction; a session under SET CONSTRAINTS … IMMEDIATE holds it until it commits; a commit waiting for a synchronous standby needs the standby).`,
  );
}
