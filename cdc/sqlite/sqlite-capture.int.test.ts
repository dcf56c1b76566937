import { pipelineFixture, type PipelineFixture } from "../testing";
import { SqlChangeLog } from "./sql-change-log";
import { setCaptureOrigin } from "./capture-origin";
import { installSqliteCaptureV1 } from "./sqlite-capture-v1";

let fixture: PipelineFixture;

beforeAll(async () => {
  fixture = await pipelineFixture();
});

afterAll(async () => {
  await fixture?.close();
});

async function logged() {
  return (await SqlChangeLog.open(fixture.source)).readUnpublished(0, 1000);
}

describe("SQLite capture triggers", () => {
  it("log a raw-SQL insert, update and delete with old and new rows, key and previous position", async () => {
    const before = (await logged()).length;
    await fixture.source.query(`INSERT INTO "items" ("id", "name", "qty", "secret") VALUES (1, 'pen', 3, 'x')`);
    await fixture.source.query(`UPDATE "items" SET "qty" = 4 WHERE "id" = 1`);
    await fixture.source.query(`DELETE FROM "items" WHERE "id" = 1`);
    const changes = (await logged()).slice(before);
    expect(changes.map((change) => change.op)).toEqual(["insert", "update", "delete"]);
    expect(changes.every((change) => JSON.stringify(change.key) === JSON.stringify({ id: 1 }))).toBe(true);
    expect(changes[0]).toMatchObject({ before: null, after: { id: 1, name: "pen", qty: 3 }, previousPosition: null, origin: "shop" });
    expect(changes[1]).toMatchObject({ before: { qty: 3 }, after: { qty: 4 }, previousPosition: changes[0].position });
    expect(changes[2]).toMatchObject({ before: { qty: 4 }, after: null, previousPosition: changes[1].position });
    expect(changes[0].committedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("never copies an excluded column into the log", async () => {
    await fixture.source.query(`INSERT INTO "items" ("id", "name", "qty", "secret") VALUES (2, 'ink', 1, 'top-secret')`);
    const rows: Array<{ new_row: string }> = await fixture.source.query(`SELECT "new_row" FROM "_strangler_changes" WHERE "new_row" IS NOT NULL`);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((row) => row.new_row.includes("secret"))).toBe(false);
  });

  it("does not log an update that touches only excluded columns", async () => {
    const before = (await logged()).length;
    await fixture.source.query(`UPDATE "items" SET "secret" = 'rotated' WHERE "id" = 2`);
    expect((await logged()).length).toBe(before);
  });

  it("logs a change of the primary key as a delete of the old key and an insert of the new one", async () => {
    const before = (await logged()).length;
    await fixture.source.query(`UPDATE "items" SET "id" = 3 WHERE "id" = 2`);
    const changes = (await logged()).slice(before);
    expect(changes.map((change) => [change.op, change.key])).toEqual([
      ["delete", { id: 2 }],
      ["insert", { id: 3 }],
    ]);
  });

  it("logs every row of a multi-row transaction with consecutive positions, and nothing of a rolled-back one", async () => {
    const before = await logged();
    await fixture.source.transaction(async (tx) => {
      await tx.query(`INSERT INTO "items" ("id", "name", "qty") VALUES (10, 'a', 1), (11, 'b', 1)`);
      await tx.query(`UPDATE "items" SET "qty" = 2 WHERE "id" IN (10, 11)`);
    });
    await expect(
      fixture.source.transaction(async (tx) => {
        await tx.query(`INSERT INTO "items" ("id", "name", "qty") VALUES (12, 'c', 1)`);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    const changes = (await logged()).slice(before.length);
    expect(changes).toHaveLength(4);
    const positions = changes.map((change) => change.position);
    expect(positions).toEqual([positions[0], positions[0] + 1, positions[0] + 2, positions[0] + 3]);
  });

  it("tags changes with the origin a sync applier sets inside its transaction, and resets to the database name", async () => {
    const before = (await logged()).length;
    await fixture.source.transaction(async (tx) => {
      await setCaptureOrigin(tx, "catalog");
      await tx.query(`INSERT INTO "items" ("id", "name", "qty") VALUES (20, 'synced', 1)`);
      await setCaptureOrigin(tx, null);
    });
    await fixture.source.query(`INSERT INTO "items" ("id", "name", "qty") VALUES (21, 'local', 1)`);
    expect((await logged()).slice(before).map((change) => change.origin)).toEqual(["catalog", "shop"]);
  });

  it("refuses to capture a table without a primary key or with a BLOB column, naming the fix", async () => {
    await fixture.source.query(`CREATE TABLE "loose" ("name" TEXT)`);
    await fixture.source.query(`CREATE TABLE "files" ("id" INTEGER PRIMARY KEY, "body" BLOB)`);
    const runner = fixture.source.createQueryRunner();
    try {
      await expect(installSqliteCaptureV1(runner, { source: "shop", tables: { loose: {} } })).rejects.toMatchObject({ code: "CDC_ERR_CAPTURE_TABLE", message: expect.stringContaining("no primary key") });
      await expect(installSqliteCaptureV1(runner, { source: "shop", tables: { files: {} } })).rejects.toMatchObject({ code: "CDC_ERR_CAPTURE_TABLE", message: expect.stringContaining("exclude it") });
      await installSqliteCaptureV1(runner, { source: "shop", tables: { files: { exclude: ["body"] } } });
      await fixture.source.query(`INSERT INTO "files" ("id", "body") VALUES (1, x'0102')`);
    } finally {
      await runner.release();
    }
  });
});
