import type { Client } from "pg";
import type { DataSource } from "typeorm";
import { tempPostgresDatabase, type TempPostgresDatabase } from "../../testing/postgres";
import { CDC_ERROR_CODES } from "../core/errors";
import type { LoggedChange } from "../core/ports";
import { SqlChangeLog } from "../sqlite/sql-change-log";
import { expectWholeRead, interleavedWritersCommit, writeLoad } from "../testing/pg-write-load";
import { installPgCaptureV1 } from "./pg-capture-v1";
import { installPgCaptureV2, PG_POSITION_BLOCK, upgradePgCaptureV1ToV2 } from "./pg-capture-v2";

// Capture v2 hands out positions in blocks taken at commit, NOT in commit order, and numbers
// without serialising commits. The reader's safe head (pg-horizon.ts) must still never let a
// committed change be skipped, keep each transaction in one relay group, and be at or above every
// transaction committed before it is asked (read-your-writes).

let database: TempPostgresDatabase;
let db: DataSource;
let log: SqlChangeLog;
const clients: Client[] = [];

async function client(): Promise<Client> {
  const opened = await database.client();
  clients.push(opened);
  return opened;
}

async function openDatabase(install: "v1" | "v2"): Promise<void> {
  database = await tempPostgresDatabase();
  db = database.dataSource();
  await db.initialize();
  await db.query(`CREATE TABLE items (id integer PRIMARY KEY, value integer NOT NULL)`);
  const runner = db.createQueryRunner();
  await runner.startTransaction();
  await (install === "v1" ? installPgCaptureV1 : installPgCaptureV2)(runner, { source: "shop", tables: { items: {} } });
  await runner.commitTransaction();
  await runner.release();
  log = await SqlChangeLog.open(db);
}

async function closeDatabase(): Promise<void> {
  await Promise.all(clients.splice(0).map((opened) => opened.end().catch(() => undefined)));
  await db.destroy();
  await database.drop();
}

/** A reader that does what the relay does: cut a group at the safe head, read it whole, move on. */
function groupReader(start: number) {
  const received: Array<LoggedChange & { group: number }> = [];
  let writing = true;
  let groups = 0;
  const done = (async () => {
    let progress = start;
    for (;;) {
      const end = await log.head();
      if (end <= progress) {
        if (!writing) return;
        await new Promise((resolve) => setTimeout(resolve, 2));
        continue;
      }
      groups++;
      const expected = await log.countBetween(progress, end);
      let got = 0;
      while (progress < end) {
        const batch = (await log.readAfter(progress, 40)).filter((change) => change.position <= end);
        if (batch.length === 0) break;
        for (const change of batch) {
          expect(change.position).toBeGreaterThan(progress);
          progress = change.position;
          received.push({ ...change, group: groups });
          got++;
        }
      }
      expect(got).toBe(expected); // nothing below the head appears after it was read
      progress = end;
    }
  })();
  return {
    received,
    stop: async () => {
      writing = false;
      await done;
    },
  };
}


describe("PostgreSQL capture v2: blocks of positions, read up to the safe head", () => {
  beforeAll(() => openDatabase("v2"));
  afterAll(() => closeDatabase());
  beforeEach(async () => {
    await db.query(`DELETE FROM items`);
  });

  it("a transaction that took its block first and commits last is read, never skipped; the highest position alone would have skipped it", async () => {
    const start = await log.head();
    const early = await client();
    const late = await client();
    await early.query(`BEGIN`);
    // Numbers its changes now (a block) and keeps the transaction open: a commit that takes long.
    await early.query(`SET CONSTRAINTS ALL IMMEDIATE`);
    await early.query(`INSERT INTO items VALUES (1, 1)`);
    await late.query(`INSERT INTO items VALUES (2, 2)`); // autocommit: a later block, committed
    const [{ highest }] = await db.query(`SELECT max(position)::text AS highest FROM strangler.changes`);
    // A reader that trusted the highest visible position would now move past the early block for good.
    expect(Number(highest)).toBeGreaterThan(start + PG_POSITION_BLOCK);
    const head = log.head(); // waits: the early transaction is numbering
    let answered = false;
    void head.then(() => (answered = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(answered).toBe(false);
    await early.query(`COMMIT`);
    const end = await head;
    const read = (await log.readAfter(start, 100)).filter((change) => change.position <= end);
    expect(read.map((c) => c.key)).toEqual([{ id: 1 }, { id: 2 }]);
    expect(end).toBe(Number(highest));
  });

  it("gives up on a transaction that keeps numbering for too long, naming it (CDC_ERR_HORIZON_HELD), and reads on once it ended", async () => {
    const held = await client();
    const [{ pid }] = (await held.query(`SELECT pg_backend_pid() AS pid`)).rows as Array<{ pid: number }>;
    await held.query(`BEGIN`);
    await held.query(`SET CONSTRAINTS ALL IMMEDIATE`);
    await held.query(`INSERT INTO items VALUES (3, 3)`);
    await db.query(`INSERT INTO items VALUES (4, 4)`);
    await expect(log.head()).rejects.toMatchObject({ code: CDC_ERROR_CODES.horizonHeld, message: expect.stringContaining(`pid ${pid}`) });
    await held.query(`ROLLBACK`);
    const end = await log.head();
    const read = await log.readAfter(end - PG_POSITION_BLOCK * 4, 100);
    expect(read.filter((c) => c.position <= end).map((c) => c.key)).toContainEqual({ id: 4 });
    expect(read.map((c) => c.key)).not.toContainEqual({ id: 3 });
  }, 30_000);

  it("keeps a row's changes in write order when a transaction writes again after it numbered (SET CONSTRAINTS … IMMEDIATE): its block moves up", async () => {
    await db.query(`INSERT INTO items VALUES (5, 0)`);
    const start = await log.head();
    const early = await client();
    await early.query(`BEGIN`);
    await early.query(`SET CONSTRAINTS ALL IMMEDIATE`);
    await early.query(`INSERT INTO items VALUES (6, 0)`); // numbered now, in an early block
    await db.query(`UPDATE items SET value = 1 WHERE id = 5`); // a later block, committed
    await early.query(`UPDATE items SET value = 2 WHERE id = 5`); // written after: the early block moves above it
    await early.query(`COMMIT`);
    const end = await log.head();
    const read = (await log.readAfter(start, 100)).filter((c) => c.position <= end);
    expect(read.map((c) => [c.key.id, c.after?.value])).toEqual([
      [5, 1],
      [6, 0],
      [5, 2],
    ]);
    expect(read[2].position).toBe(read[1].position + 1); // the transaction's changes stay consecutive
    expect(read[2].previousPosition).toBe(read[0].position);
  });

  it("numbers a transaction of more than 4096 changes without failing it: a further block, every change read once in order", async () => {
    const start = await log.head();
    await db.query(`INSERT INTO items SELECT g, g FROM generate_series(1000, 1000 + ${PG_POSITION_BLOCK} + 99) g`);
    const end = await log.head();
    const read: LoggedChange[] = [];
    for (let after = start; ; ) {
      const batch = (await log.readAfter(after, 1000)).filter((c) => c.position <= end);
      if (batch.length === 0) break;
      read.push(...batch);
      after = batch.at(-1)!.position;
    }
    expect(read.map((c) => c.key.id)).toEqual(Array.from({ length: PG_POSITION_BLOCK + 100 }, (_, i) => 1000 + i));
    expect(new Set(read.map((c) => Math.floor(c.position / PG_POSITION_BLOCK))).size).toBe(2);
  });

  it("adds no conflicts of its own: interleaved SERIALIZABLE and REPEATABLE READ writers of different rows all commit", async () => {
    expect(await interleavedWritersCommit(db, client)).toEqual([4, 4]);
  });

  it("under concurrent writers (all isolation levels, rollbacks, savepoints) a reader cutting groups at the head gets every committed change once, each transaction whole in one group, in an order that rebuilds every row", async () => {
    const writers = await Promise.all(Array.from({ length: 6 }, () => client()));
    const start = await log.head();
    const reader = groupReader(start);
    const { committed, refused } = await writeLoad({ writers, rounds: 60, seed: 20261205 });
    await reader.stop();
    expect(committed).toBeGreaterThan(200);
    await expectWholeRead(db, start, reader.received);
    console.log(`commit-order v2 stress: ${committed} transactions committed, ${refused} refused by PostgreSQL (the writers' own conflicts), ${reader.received.length} changes read`);
  });

  it("answers a head at or above every position of each transaction committed before it was asked, under concurrent writers (read-your-writes)", async () => {
    const writers = await Promise.all(Array.from({ length: 6 }, () => client()));
    const reader = groupReader(await log.head()); // another reader cutting groups meanwhile
    let checked = 0;
    await writeLoad({
      writers,
      rounds: 40,
      seed: 7,
      afterCommit: async (highest) => {
        if (highest === null) return;
        expect(await log.head()).toBeGreaterThanOrEqual(highest);
        checked++;
      },
    });
    await reader.stop();
    expect(checked).toBeGreaterThan(100);
  });
});

describe("PostgreSQL capture: v1 upgraded to v2 while writers run", () => {
  beforeAll(() => openDatabase("v1"));
  afterAll(() => closeDatabase());

  it("loses, repeats and splits nothing across the upgrade, and the reader switches by itself", async () => {
    const writers = await Promise.all(Array.from({ length: 4 }, () => client()));
    const start = await log.head();
    const reader = groupReader(start);
    const upgrader = await client();
    const { committed } = await writeLoad({
      writers,
      rounds: 60,
      seed: 99,
      halfway: async () => {
        const runner = db.createQueryRunner();
        await runner.startTransaction();
        await upgradePgCaptureV1ToV2(runner);
        await runner.commitTransaction();
        await runner.release();
      },
    });
    await reader.stop();
    expect(committed).toBeGreaterThan(100);
    expect((await upgrader.query(`SELECT capture_version FROM strangler.capture_context`)).rows).toEqual([{ capture_version: 2 }]);
    const positions = reader.received.map((c) => c.position);
    expect(positions.some((p) => p < PG_POSITION_BLOCK)).toBe(true); // v1 positions before it
    expect(positions.some((p) => p >= PG_POSITION_BLOCK * 2)).toBe(true); // v2 blocks after it
    await expectWholeRead(db, start, reader.received);
  });
});

describe("PostgreSQL capture: the v1 → v2 upgrade and an open v1 writer", () => {
  beforeAll(() => openDatabase("v1"));
  afterAll(() => closeDatabase());

  it("waits in short tries for a transaction that logged a change under v1, then numbers the next ones with v2 above it", async () => {
    const held = await client();
    await held.query(`BEGIN`);
    await held.query(`INSERT INTO items VALUES (1, 1)`); // logged, numbered by v1 at its commit
    const runner = db.createQueryRunner();
    await runner.startTransaction();
    const upgrade = upgradePgCaptureV1ToV2(runner).then(() => runner.commitTransaction());
    // The upgrade asks for the log's lock and gives up after 200 ms, again and again, while the writer is open.
    const observer = await client();
    const lockWaits = async () =>
      Number(
        (
          await observer.query(
            `SELECT count(*) AS n FROM pg_locks WHERE relation = 'strangler.changes'::regclass AND mode = 'AccessExclusiveLock' AND NOT granted`,
          )
        ).rows[0].n,
      );
    while ((await lockWaits()) === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await observer.query(`SELECT capture_version FROM strangler.capture_context`)).rows).toEqual([{ capture_version: 1 }]);
    await held.query(`COMMIT`);
    await upgrade;
    await runner.release();
    await db.query(`INSERT INTO items VALUES (2, 2)`);
    const head = await log.head();
    const read = (await log.readAfter(0, 10)).filter((c) => c.position <= head);
    expect(read.map((c) => [c.key.id, c.position < PG_POSITION_BLOCK])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect((await observer.query(`SELECT capture_version FROM strangler.capture_context`)).rows).toEqual([{ capture_version: 2 }]);
  });
});

