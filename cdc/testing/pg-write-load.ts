import type { Client } from "pg";
import type { DataSource } from "typeorm";
import type { LoggedChange } from "../core/ports";
import { SeededRandom } from "../../platform";

/*
 * A write load for the PostgreSQL commit-order tests (capture v1 and v2): writers at all isolation
 * levels, with rollbacks and savepoints, writing 25 rows of `items (id, value)` in transactions of
 * 1–4 statements. Test kit only.
 */

export interface WriteLoad {
  writers: Client[];
  rounds: number;
  seed: number;
  /** Called after each commit with the transaction's highest position (null: it logged nothing). */
  afterCommit?: (highest: number | null) => Promise<void>;
  /** Called once, halfway through the rounds of the first writer. */
  halfway?: () => Promise<void>;
}

/** Writers at all isolation levels with rollbacks and savepoints; resolves with the commits and the writers' own conflicts. */
export async function writeLoad(load: WriteLoad): Promise<{ committed: number; refused: number }> {
  const random = new SeededRandom(load.seed);
  const levels = ["READ COMMITTED", "REPEATABLE READ", "SERIALIZABLE"];
  let committed = 0;
  let refused = 0;
  await Promise.all(
    load.writers.map(async (writer, index) => {
      for (let round = 0; round < load.rounds; round++) {
        if (index === 0 && round === Math.floor(load.rounds / 2)) await load.halfway?.();
        const level = levels[random.int(0, levels.length - 1)];
        try {
          await writer.query(`BEGIN ISOLATION LEVEL ${level}`);
          const statements = random.int(1, 4);
          for (let step = 0; step < statements; step++) {
            const id = random.int(1, 25);
            if (random.next() < 0.2) await writer.query(`DELETE FROM items WHERE id = $1`, [id]);
            else if (random.next() < 0.15) {
              await writer.query(`SAVEPOINT s`);
              await writer.query(`INSERT INTO items VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET value = excluded.value`, [id, -1]);
              await writer.query(`ROLLBACK TO SAVEPOINT s`);
            } else await writer.query(`INSERT INTO items VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET value = excluded.value`, [id, index * 1000 + round]);
            if (random.next() < 0.3) await new Promise((resolve) => setTimeout(resolve, random.int(0, 4)));
          }
          if (random.next() < 0.15) await writer.query(`ROLLBACK`);
          else {
            const [{ txid }] = (await writer.query(`SELECT pg_current_xact_id_if_assigned()::text AS txid`)).rows as Array<{ txid: string | null }>;
            await writer.query(`COMMIT`);
            committed++;
            if (load.afterCommit) {
              const highest = txid === null ? null : ((await writer.query(`SELECT max(position)::text AS p FROM strangler.changes WHERE txid = $1::xid8`, [txid])).rows[0] as { p: string | null }).p;
              await load.afterCommit(highest === null ? null : Number(highest));
            }
          }
        } catch (err) {
          // The writers' own conflicts (serialization failures, deadlocks between them): what any
          // application meets at these levels; the transaction is gone, nothing of it may appear.
          if (!/could not serialize|deadlock detected/.test(String(err))) throw err;
          refused++;
          await writer.query(`ROLLBACK`);
        }
      }
    }),
  );
  return { committed, refused };
}

/**
 * Four writers of different rows at SERIALIZABLE, then at REPEATABLE READ, interleaved and committed
 * in the reverse order of their start: the capture must add no conflict of its own, so all commit
 * (resolves with how many rows each level left updated: 4 when none failed).
 */
export async function interleavedWritersCommit(db: DataSource, client: () => Promise<Client>): Promise<number[]> {
  const updated: number[] = [];
  for (const level of ["SERIALIZABLE", "REPEATABLE READ"]) {
    const writers = await Promise.all(Array.from({ length: 4 }, () => client()));
    for (const writer of writers) await writer.query(`BEGIN ISOLATION LEVEL ${level}`);
    for (const [index, writer] of writers.entries()) await writer.query(`INSERT INTO items VALUES ($1, 0)`, [100 + index]);
    for (const [index, writer] of writers.entries()) await writer.query(`UPDATE items SET value = 1 WHERE id = $1`, [100 + index]);
    for (const writer of [...writers].reverse()) await writer.query(`COMMIT`);
    updated.push(((await db.query(`SELECT count(*)::int AS n FROM items WHERE value = 1`)) as Array<{ n: number }>)[0].n);
    await db.query(`DELETE FROM items`);
  }
  return updated;
}

type Row = { position: string; txid: string };

/**
 * What a reader got from the log after `start`: every committed change once, position for position;
 * each transaction's changes consecutive (and in one group, when the reader cut groups); a replay
 * in position order that rebuilds every row of `items`, each change naming its row's previous one.
 */
export async function expectWholeRead(db: DataSource, start: number, received: ReadonlyArray<LoggedChange & { group?: number }>): Promise<void> {
  const all = (await db.query(`SELECT position, txid::text AS txid FROM strangler.changes WHERE position > $1 ORDER BY position`, [start])) as Row[];
  expect(received.map((c) => c.position)).toEqual(all.map((row) => Number(row.position)));
  const seen = new Set<string>();
  const groupOf = new Map<string, number>();
  all.forEach((row, i) => {
    const group = received[i].group;
    if (group !== undefined) {
      if (groupOf.has(row.txid)) expect(groupOf.get(row.txid)).toBe(group);
      groupOf.set(row.txid, group);
    }
    if (i > 0 && all[i - 1].txid === row.txid) return;
    expect(seen.has(row.txid)).toBe(false);
    seen.add(row.txid);
  });
  const rows = new Map<number, number>();
  const lastPosition = new Map<number, number>();
  for (const change of received) {
    const id = Number(change.key.id);
    if (lastPosition.has(id)) expect(change.previousPosition).toBe(lastPosition.get(id));
    lastPosition.set(id, change.position);
    if (change.op === "delete") rows.delete(id);
    else rows.set(id, Number(change.after?.value));
  }
  const table = (await db.query(`SELECT id, value FROM items ORDER BY id`)) as Array<{ id: number; value: number }>;
  expect([...rows.entries()].sort((a, b) => a[0] - b[0])).toEqual(table.map((row) => [row.id, row.value]));
}
