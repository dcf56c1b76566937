import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MigrationInterface, QueryRunner } from "typeorm";
import { sqliteDataSource } from "../../platform";
import { toChangeEvent } from "../relay/to-change-event";
import { setCaptureOrigin } from "./capture-origin";
import { setCaptureRequestId } from "./capture-request-id";
import { SqlChangeLog } from "./sql-change-log";
import { installSqliteCaptureV1 } from "./sqlite-capture-v1";
import { upgradeSqliteCaptureToLocalOnlyV2 } from "./sqlite-capture-v2";
import { downgradeSqliteCaptureV3ToV2, upgradeSqliteCaptureToV3 } from "./sqlite-capture-v3";

class CreateNotes1700000000001 implements MigrationInterface {
  name = "CreateNotes1700000000001";
  async up(q: QueryRunner) {
    await q.query(`CREATE TABLE "notes" ("id" INTEGER PRIMARY KEY, "text" TEXT NOT NULL)`);
  }
  async down(q: QueryRunner) {
    await q.query(`DROP TABLE "notes"`);
  }
}

/** The catalog's history: v1, then v2 (local writes only), then v3 (request ids). */
class CaptureNotes1700000000002 implements MigrationInterface {
  name = "CaptureNotes1700000000002";
  async up(q: QueryRunner) {
    await installSqliteCaptureV1(q, { source: "notes", tables: { notes: {} } });
    await upgradeSqliteCaptureToLocalOnlyV2(q, { notes: {} });
    await upgradeSqliteCaptureToV3(q, { notes: {} });
  }
  async down(q: QueryRunner) {
    await downgradeSqliteCaptureV3ToV2(q, { notes: {} });
  }
}

describe("SQLite capture v3 (a service's own writes, with their request id)", () => {
  const dir = mkdtempSync(join(tmpdir(), "strangler-capture-v3-"));
  const db = sqliteDataSource(join(dir, "notes.sqlite"), { entities: [], migrations: [CreateNotes1700000000001, CaptureNotes1700000000002] });
  const changes = async () => (await SqlChangeLog.open(db)).readAfter(0, 1000);

  beforeAll(async () => {
    await db.initialize();
    await db.runMigrations({ transaction: "each" });
  });

  afterAll(async () => {
    if (db.isInitialized) await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it("logs the request id the writer set in its transaction, and clears it before commit", async () => {
    await db.transaction(async (tx) => {
      await setCaptureRequestId(tx, "abc");
      await tx.query(`INSERT INTO "notes" ("id", "text") VALUES (1, 'first')`);
      await tx.query(`UPDATE "notes" SET "text" = 'changed' WHERE "id" = 1`);
      await setCaptureRequestId(tx, null);
    });
    await db.query(`INSERT INTO "notes" ("id", "text") VALUES (2, 'no request')`);

    const logged = await changes();
    expect(logged.map((change) => [change.op, change.key, change.requestId])).toEqual([
      ["insert", { id: 1 }, "abc"],
      ["update", { id: 1 }, "abc"],
      ["insert", { id: 2 }, null],
    ]);
    expect(toChangeEvent("notes", logged[0]).requestId).toBe("abc");
    expect(toChangeEvent("notes", logged[2])).not.toHaveProperty("requestId");
    expect(await db.query(`SELECT "request_id" FROM "_strangler_capture_context"`)).toEqual([{ request_id: null }]);
  });

  it("leaves no trace of a rolled-back write, its request id included", async () => {
    const before = (await changes()).length;
    await expect(
      db.transaction(async (tx) => {
        await setCaptureRequestId(tx, "rolled-back");
        await tx.query(`INSERT INTO "notes" ("id", "text") VALUES (3, 'never')`);
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    expect((await changes()).length).toBe(before);
    expect(await db.query(`SELECT "request_id" FROM "_strangler_capture_context"`)).toEqual([{ request_id: null }]);
  });

  it("still logs nothing a sync applier wrote (capture origin set), as v2", async () => {
    const before = (await changes()).length;
    await db.transaction(async (tx) => {
      await setCaptureOrigin(tx, "monolith");
      await tx.query(`INSERT INTO "notes" ("id", "text") VALUES (4, 'synced')`);
      await setCaptureOrigin(tx, null);
    });
    expect((await changes()).length).toBe(before);
  });

  it("goes back to v2 on down: no request-id columns, the log reads as before", async () => {
    await db.undoLastMigration({ transaction: "each" });
    const columns = async (table: string) => ((await db.query(`PRAGMA table_info("${table}")`)) as Array<{ name: string }>).map((column) => column.name);
    expect(await columns("_strangler_changes")).not.toContain("request_id");
    expect(await columns("_strangler_capture_context")).not.toContain("request_id");
    await db.query(`INSERT INTO "notes" ("id", "text") VALUES (5, 'after down')`);
    const logged = await changes();
    expect(logged[logged.length - 1]).toMatchObject({ key: { id: 5 }, op: "insert" });
    expect(logged[logged.length - 1]).not.toHaveProperty("requestId");
  });
});
