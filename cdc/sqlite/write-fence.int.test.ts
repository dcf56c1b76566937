import type { DataSource } from "typeorm";
import { isWriteFencedError, WRITE_FENCED_MARK } from "../../platform";
import { pipelineFixture, type PipelineFixture } from "../testing";
import { setCaptureOrigin } from "./capture-origin";
import { installSqliteWriteFenceV1, uninstallSqliteWriteFenceV1 } from "./sqlite-write-fence-v1";
import { upgradeSqliteWriteFenceV2 } from "./sqlite-write-fence-v2";
import { liftWriteFence, readWriteFence, setWriteFence } from "./write-fence";

let fixture: PipelineFixture;
let source: DataSource;

async function migrate(db: DataSource, work: (runner: import("typeorm").QueryRunner) => Promise<void>): Promise<void> {
  const runner = db.createQueryRunner();
  try {
    await work(runner);
  } finally {
    await runner.release();
  }
}

const item = async (id: number) => (await source.query(`SELECT "id", "name", "qty" FROM "items" WHERE "id" = ?`, [id]))[0];
const changeCount = async (): Promise<number> => (await source.query(`SELECT COUNT(*) AS "n" FROM "_strangler_changes"`))[0].n;

beforeAll(async () => {
  fixture = await pipelineFixture();
  source = fixture.source;
  await migrate(source, async (runner) => {
    await installSqliteWriteFenceV1(runner, ["items"]);
    await upgradeSqliteWriteFenceV2(runner);
  });
  await source.query(`CREATE TABLE "notes" ("id" INTEGER PRIMARY KEY, "text" TEXT NOT NULL)`);
  await source.query(`INSERT INTO "items" ("id", "name", "qty") VALUES (1, 'pen', 3)`);
});

afterAll(async () => {
  await fixture?.close();
});

describe("the SQLite write fence", () => {
  it("lets every write through while no fence row is set", async () => {
    await source.query(`INSERT INTO "items" ("id", "name", "qty") VALUES (2, 'ink', 1)`);
    await source.query(`UPDATE "items" SET "qty" = 2 WHERE "id" = 2`);
    await source.query(`DELETE FROM "items" WHERE "id" = 2`);
    expect(await item(2)).toBeUndefined();
  });

  it("refuses the application's insert, update and delete of a fenced table with the mark, changing and capturing nothing", async () => {
    await setWriteFence(source, ["items"], "cut-over to the catalog");
    const logged = await changeCount();
    const attempts = [
      source.query(`INSERT INTO "items" ("id", "name", "qty") VALUES (3, 'cup', 1)`),
      source.query(`UPDATE "items" SET "qty" = 99 WHERE "id" = 1`),
      source.query(`DELETE FROM "items" WHERE "id" = 1`),
    ];
    for (const attempt of attempts) {
      const error = await attempt.then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(isWriteFencedError(error)).toBe(true);
      expect((error as Error).message).toContain(`${WRITE_FENCED_MARK}: writes to "items" are fenced`);
      expect((error as { driverError?: { code?: string } }).driverError?.code).toBe("SQLITE_CONSTRAINT_TRIGGER");
    }
    expect(await item(1)).toEqual({ id: 1, name: "pen", qty: 3 });
    expect(await item(3)).toBeUndefined();
    expect(await changeCount()).toBe(logged);
  });

  it("rolls back the whole transaction whose write hit the fence", async () => {
    await expect(
      source.transaction(async (tx) => {
        await tx.query(`INSERT INTO "notes" ("id", "text") VALUES (1, 'written first')`);
        await tx.query(`UPDATE "items" SET "qty" = 5 WHERE "id" = 1`);
      }),
    ).rejects.toThrow(WRITE_FENCED_MARK);
    expect(await source.query(`SELECT * FROM "notes"`)).toEqual([]);
  });

  it("lets a sync writer through: its transaction sets a capture origin, and the change is captured with it", async () => {
    const logged = await changeCount();
    await source.transaction(async (tx) => {
      await setCaptureOrigin(tx, "other");
      await tx.query(`UPDATE "items" SET "qty" = 4 WHERE "id" = 1`);
      await tx.query(`INSERT INTO "items" ("id", "name", "qty") VALUES (4, 'synced', 1)`);
      await setCaptureOrigin(tx, null);
    });
    expect(await item(1)).toMatchObject({ qty: 4 });
    const changes = await source.query(`SELECT "op", "origin" FROM "_strangler_changes" ORDER BY "position" LIMIT -1 OFFSET ?`, [logged]);
    expect(changes).toEqual([
      { op: "update", origin: "other" },
      { op: "insert", origin: "other" },
    ]);
    await expect(source.query(`DELETE FROM "items" WHERE "id" = 4`)).rejects.toThrow(WRITE_FENCED_MARK);
  });

  it("leaves tables without a fence row writable", async () => {
    await source.query(`INSERT INTO "notes" ("id", "text") VALUES (2, 'free')`);
    expect(await source.query(`SELECT "text" FROM "notes"`)).toEqual([{ text: "free" }]);
  });

  it("lists the fence rows with their holder, and setting again replaces the reason and the holder", async () => {
    expect(await readWriteFence(source)).toEqual([{ table: "items", fencedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), reason: "cut-over to the catalog", holder: "ownership" }]);
    await setWriteFence(source, ["items", "notes"], "drain", "lease-1");
    expect((await readWriteFence(source)).map((row) => [row.table, row.reason, row.holder])).toEqual([
      ["items", "drain", "lease-1"],
      ["notes", "drain", "lease-1"],
    ]);
  });

  it("lifts only the rows of the holder named: a row somebody set since stays", async () => {
    await setWriteFence(source, ["notes"], "a newer cut-over", "lease-2");
    expect(await liftWriteFence(source, ["items", "notes"], { onlyHolder: "lease-1" })).toBe(1);
    expect((await readWriteFence(source)).map((row) => [row.table, row.holder])).toEqual([["notes", "lease-2"]]);
    await setWriteFence(source, ["items"], "drain", "lease-1");
  });

  it("sets and lifts the fence inside the caller's transaction through its EntityManager", async () => {
    await source.transaction(async (tx) => {
      await liftWriteFence(tx, ["notes"]);
      expect((await readWriteFence(tx)).map((row) => row.table)).toEqual(["items"]);
    });
    expect((await readWriteFence(source)).map((row) => row.table)).toEqual(["items"]);
  });

  it("lets the application write again once the fence is lifted", async () => {
    await liftWriteFence(source, ["items"]);
    expect(await readWriteFence(source)).toEqual([]);
    await source.query(`UPDATE "items" SET "qty" = 7 WHERE "id" = 1`);
    await source.query(`DELETE FROM "items" WHERE "id" = 4`);
    expect(await item(1)).toMatchObject({ qty: 7 });
  });

  it("answers CDC_ERR_WRITE_FENCE_MISSING on a database without the fence", async () => {
    for (const call of [() => setWriteFence(fixture.target, ["items"], "x"), () => liftWriteFence(fixture.target, ["items"]), () => readWriteFence(fixture.target)]) {
      await expect(call()).rejects.toMatchObject({ code: "CDC_ERR_WRITE_FENCE_MISSING", message: expect.stringContaining("run the migrations that install the write fence") });
    }
  });

  it("will not install without change capture, nor on a table that does not exist", async () => {
    await expect(migrate(fixture.target, (runner) => installSqliteWriteFenceV1(runner, ["item_copies"]))).rejects.toMatchObject({
      code: "CDC_ERR_NOT_INSTALLED",
      message: expect.stringContaining("installSqliteCaptureV1"),
    });
    await expect(migrate(source, (runner) => installSqliteWriteFenceV1(runner, ["nope"]))).rejects.toMatchObject({ code: "CDC_ERR_CAPTURE_TABLE" });
  });

  it("uninstalls: the triggers go, and the fence table with the last of them", async () => {
    await migrate(source, (runner) => installSqliteWriteFenceV1(runner, ["notes"]));
    await setWriteFence(source, ["items", "notes"], "before uninstall");
    await migrate(source, (runner) => uninstallSqliteWriteFenceV1(runner, ["items"]));
    await source.query(`UPDATE "items" SET "qty" = 8 WHERE "id" = 1`);
    await expect(source.query(`INSERT INTO "notes" ("id", "text") VALUES (3, 'still fenced')`)).rejects.toThrow(WRITE_FENCED_MARK);
    expect((await readWriteFence(source)).map((row) => row.table)).toEqual(["notes"]);
    await migrate(source, (runner) => uninstallSqliteWriteFenceV1(runner, ["notes"]));
    await source.query(`INSERT INTO "notes" ("id", "text") VALUES (3, 'free again')`);
    await expect(readWriteFence(source)).rejects.toMatchObject({ code: "CDC_ERR_WRITE_FENCE_MISSING" });
  });
});
