import type { Client } from "pg";
import type { DataSource } from "typeorm";
import { tempPostgresDatabase, type TempPostgresDatabase } from "../../testing/postgres";
import type { LoggedChange } from "../core/ports";
import { SqlChangeLog } from "../sqlite/sql-change-log";
import { expectWholeRead, interleavedWritersCommit, writeLoad } from "../testing/pg-write-load";
import { installPgCaptureV1 } from "./pg-capture-v1";

// Positions follow COMMIT order: a transaction that started first but commits last is read after
// the ones that committed before it, and never skipped (the gap a bare sequence leaves).

let database: TempPostgresDatabase;
let db: DataSource;
let log: SqlChangeLog;
const clients: Client[] = [];

async function client(): Promise<Client> {
  const opened = await database.client();
  clients.push(opened);
  return opened;
}

beforeAll(async () => {
  database = await tempPostgresDatabase();
  db = database.dataSource();
  await db.initialize();
  await db.query(`CREATE TABLE items (id integer PRIMARY KEY, value integer NOT NULL)`);
  const runner = db.createQueryRunner();
  await installPgCaptureV1(runner, { source: "shop", tables: { items: {} } });
  await runner.release();
  log = await SqlChangeLog.open(db);
});

afterAll(async () => {
  await Promise.all(clients.map((opened) => opened.end().catch(() => undefined)));
  await db.destroy();
  await database.drop();
});

beforeEach(async () => {
  await db.query(`DELETE FROM items`);
});

describe("PostgreSQL capture: positions in commit order", () => {
  it("reads a transaction that commits after a later-started one at the next position; a bare sequence would have skipped it", async () => {
    const start = await log.head();
    const early = await client();
    const late = await client();
    await early.query(`BEGIN`);
    await early.query(`INSERT INTO items VALUES (1, 1)`);
    await late.query(`BEGIN`);
    await late.query(`INSERT INTO items VALUES (2, 2)`);
    await late.query(`COMMIT`);

    const first = await log.readAfter(start, 100);
    expect(first.map((c) => c.key)).toEqual([{ id: 2 }]);
    // The reader's progress is now first[0].position, and the bare sequence (the log's own `id`)
    // has given the early writer the smaller number.
    const lastSeenId = Number((await db.query(`SELECT max(id) AS id FROM strangler.changes`))[0].id);
    await early.query(`COMMIT`);
    const bareSequenceAfter = await db.query(`SELECT id FROM strangler.changes WHERE id > $1`, [lastSeenId]);
    expect(bareSequenceAfter).toEqual([]); // reading by the bare sequence now would miss item 1 for good

    const next = await log.readAfter(first[0].position, 100);
    expect(next.map((c) => [c.key, c.position])).toEqual([[{ id: 1 }, first[0].position + 1]]);
  });

  it("orders a row's changes as they happened when the earlier-started transaction writes the row last", async () => {
    await db.query(`INSERT INTO items VALUES (5, 0)`);
    const start = await log.head();
    const early = await client();
    const late = await client();
    await early.query(`BEGIN`);
    await early.query(`INSERT INTO items VALUES (6, 0)`); // the early transaction has its id now
    await late.query(`BEGIN`);
    await late.query(`UPDATE items SET value = 1 WHERE id = 5`);
    await late.query(`COMMIT`);
    await early.query(`UPDATE items SET value = 2 WHERE id = 5`);
    await early.query(`COMMIT`);
    const read = await log.readAfter(start, 100);
    const ofFive = read.filter((c) => c.key.id === 5);
    expect(ofFive.map((c) => c.after?.value)).toEqual([1, 2]);
    expect(ofFive[1].previousPosition).toBe(ofFive[0].position);
  });

  it("adds no conflicts of its own: interleaved SERIALIZABLE and REPEATABLE READ writers of different rows all commit", async () => {
    expect(await interleavedWritersCommit(db, client)).toEqual([4, 4]);
  });

  it("under concurrent writers (all isolation levels, rollbacks, savepoints) a polling reader gets every committed change once, in an order that rebuilds every row", async () => {
    const writers = await Promise.all(Array.from({ length: 6 }, () => client()));
    const start = await log.head();
    const received: LoggedChange[] = [];
    let writing = true;
    const reader = (async () => {
      let progress = start;
      for (;;) {
        // Looked at before the read: an empty read that began while the last commit was landing proves nothing.
        const writersDone = !writing;
        const batch = await log.readAfter(progress, 40);
        for (const change of batch) {
          expect(change.position).toBeGreaterThan(progress);
          progress = change.position;
          received.push(change);
        }
        if (batch.length === 0) {
          if (writersDone) return;
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      }
    })();
    const { committed, refused } = await writeLoad({ writers, rounds: 60, seed: 20261205 });
    writing = false;
    await reader;

    expect(committed).toBeGreaterThan(200);
    // Every committed change once, transactions consecutive, a replay that rebuilds every row.
    await expectWholeRead(db, start, received);
    // Writers' own conflicts happen at these levels; say how many, so a change in them shows.
    console.log(`commit-order stress: ${committed} transactions committed, ${refused} refused by PostgreSQL (the writers' own conflicts), ${received.length} changes read`);
  });
});
