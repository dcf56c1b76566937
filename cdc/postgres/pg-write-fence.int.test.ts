import type { DataSource } from "typeorm";
import { isWriteFencedError } from "../../platform";
import { tempPostgresDatabase, type TempPostgresDatabase } from "../../testing/postgres";
import { SqlChangeLog } from "../sqlite/sql-change-log";
import { setCaptureOrigin } from "../sqlite/capture-origin";
import { liftWriteFence, readWriteFence, setWriteFence } from "../sqlite/write-fence";
import { installPgCaptureV1 } from "./pg-capture-v1";
import { installPgWriteFenceV1, uninstallPgWriteFenceV1 } from "./pg-write-fence-v1";

let database: TempPostgresDatabase;
let db: DataSource;

const failure = (attempt: Promise<unknown>): Promise<unknown> =>
  attempt.then(
    () => undefined,
    (err: unknown) => err,
  );

beforeAll(async () => {
  database = await tempPostgresDatabase();
  db = database.dataSource();
  await db.initialize();
  await db.query(`CREATE TABLE items (id integer PRIMARY KEY, qty integer NOT NULL)`);
  await db.query(`CREATE TABLE notes (id integer PRIMARY KEY)`);
  const runner = db.createQueryRunner();
  await installPgCaptureV1(runner, { source: "shop", tables: { items: {} } });
  await installPgWriteFenceV1(runner, ["items"]);
  await installPgWriteFenceV1(runner, ["items"]); // idempotent
  await runner.release();
  await db.query(`INSERT INTO items VALUES (1, 1)`);
});

afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

afterEach(async () => {
  await liftWriteFence(db, ["items"]);
});

describe("the PostgreSQL write fence", () => {
  it("refuses the application's writes of a fenced table with the mark, lets a sync writer through, and only the holder lifts it", async () => {
    await setWriteFence(db, ["items"], "cut-over", "lease-1");
    expect(await readWriteFence(db)).toEqual([expect.objectContaining({ table: "items", reason: "cut-over", holder: "lease-1" })]);
    for (const sql of [`INSERT INTO items VALUES (2, 1)`, `UPDATE items SET qty = 5 WHERE id = 1`, `DELETE FROM items WHERE id = 1`]) {
      expect(isWriteFencedError(await failure(db.query(sql)))).toBe(true);
    }
    await db.query(`INSERT INTO notes VALUES (1)`); // an unguarded table
    await db.transaction(async (tx) => {
      await setCaptureOrigin(tx, "catalog");
      await tx.query(`UPDATE items SET qty = 7 WHERE id = 1`);
    });
    expect(await liftWriteFence(db, ["items"], { onlyHolder: "lease-2" })).toBe(0);
    expect(await readWriteFence(db)).toHaveLength(1);
    expect(await liftWriteFence(db, ["items"], { onlyHolder: "lease-1" })).toBe(1);
    expect(await readWriteFence(db)).toEqual([]);
    await db.query(`UPDATE items SET qty = 8 WHERE id = 1`);
    expect(await db.query(`SELECT qty FROM items WHERE id = 1`)).toEqual([{ qty: 8 }]);
  });

  it("is a serialization point: the fence waits for a write in flight, which commits below every position read after it", async () => {
    const writer = await database.client();
    await writer.query(`BEGIN`);
    await writer.query(`UPDATE items SET qty = qty + 1 WHERE id = 1`);
    let fenced = false;
    const fencing = setWriteFence(db, ["items"], "cut-over", "lease-3").then(() => {
      fenced = true;
    });
    // The fence waits on the writer's share lock (a condition, not a guess about timing).
    const waitingOnLock = async () => (await db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`))[0].n > 0;
    while (!(await waitingOnLock())) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fenced).toBe(false);
    await writer.query(`COMMIT`);
    await fencing;
    const head = await (await SqlChangeLog.open(db)).head();
    const [last] = await db.query(`SELECT max(position)::int AS p FROM strangler.changes WHERE table_name = 'items'`);
    expect(last.p).toBeLessThanOrEqual(head);
    expect(isWriteFencedError(await failure(writer.query(`UPDATE items SET qty = 0 WHERE id = 1`)))).toBe(true);
    await writer.end();
  });

  it("refuses a REPEATABLE READ writer whose snapshot predates the fence (it cannot pass unseen)", async () => {
    const writer = await database.client();
    await writer.query(`BEGIN ISOLATION LEVEL REPEATABLE READ`);
    await writer.query(`SELECT count(*) FROM notes`); // the snapshot is taken here
    await setWriteFence(db, ["items"], "cut-over", "lease-4");
    const error = await failure(writer.query(`UPDATE items SET qty = 42 WHERE id = 1`));
    expect(String(error)).toMatch(/could not serialize access|STRANGLER_WRITE_FENCED/);
    await writer.query(`ROLLBACK`);
    await writer.end();
    expect((await db.query(`SELECT qty FROM items WHERE id = 1`))[0].qty).not.toBe(42);
  });

  it("uninstalls without a trace of the fence", async () => {
    const runner = db.createQueryRunner();
    await uninstallPgWriteFenceV1(runner, ["items"]);
    await runner.release();
    expect(await db.query(`SELECT tgname FROM pg_trigger WHERE tgname = 'strangler_write_fence'`)).toEqual([]);
    expect(await db.query(`SELECT to_regclass('strangler.write_fence') AS t`)).toEqual([{ t: null }]);
    await runner.release();
    const again = db.createQueryRunner();
    await installPgWriteFenceV1(again, ["items"]);
    await again.release();
  });
});
