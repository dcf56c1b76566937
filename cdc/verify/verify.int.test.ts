import type { DataSource } from "typeorm";
import type { Row } from "../../contracts";
import { installBackfillTablesV1, runBackfill } from "../backfill";
import { pipelineFixture, writeItemChanges, type PipelineFixture } from "../testing";
import { describeDrift, repair, verify, type KeyedRow, type VerifiedTable } from ".";

const ITEMS: VerifiedTable = {
  table: "items",
  key: "id",
  expected: (row: Row) => ({ id: row.id, name: row.name, qty: row.qty }),
  async readTarget(db: DataSource, after, limit): Promise<KeyedRow[]> {
    const rows: Row[] = await db.query(`SELECT "id", "name", "qty" FROM "item_copies" WHERE "id" > ? ORDER BY "id" LIMIT ?`, [after ?? 0, limit]);
    return rows.map((row) => ({ key: row.id as number, row }));
  },
};

describe("verify and repair", () => {
  let fixture: PipelineFixture;

  beforeAll(async () => {
    fixture = await pipelineFixture();
    const runner = fixture.target.createQueryRunner();
    await installBackfillTablesV1(runner);
    await runner.release();
    await writeItemChanges(fixture.source, { count: 120, keys: 100 });
    await runBackfill({ source: fixture.source, target: fixture.target, sourceName: "shop", mapping: fixture.mapping, tables: [{ table: "items", key: "id" }] });
  });

  afterAll(async () => {
    await fixture.close();
  });

  it("reports zero drift after a clean copy, reading in chunks", async () => {
    const report = await verify({ source: fixture.source, target: fixture.target, tables: [ITEMS], chunkSize: 7 });
    expect(report).toEqual({ drift: [], compared: { items: 100 } });
  });

  it("names each drifted key, then repair re-syncs just those keys", async () => {
    await fixture.target.query(`UPDATE "item_copies" SET "name" = 'corrupt' WHERE "id" = 42`);
    await fixture.target.query(`DELETE FROM "item_copies" WHERE "id" = 7`);
    await fixture.target.query(`INSERT INTO "item_copies" ("id", "name", "qty") VALUES (500, 'ghost', 1)`);
    await fixture.source.query(`DELETE FROM "items" WHERE "id" = 99`);

    const report = await verify({ source: fixture.source, target: fixture.target, tables: [ITEMS], chunkSize: 7 });
    expect(report.drift.map(describeDrift)).toEqual([
      "items 7: missing",
      `items 42: different (name: expected "item-42-41", found "corrupt")`,
      "items 99: extra",
      "items 500: extra",
    ]);

    const untouched: Row[] = await fixture.target.query(`SELECT * FROM "_strangler_applied_positions" WHERE "key" = '{"id":43}'`);
    const repaired = await repair({ source: fixture.source, target: fixture.target, sourceName: "shop", mapping: fixture.mapping, tables: [ITEMS], drift: report.drift });
    expect(repaired.map((entry) => entry.outcome)).toEqual(["written", "written", "deleted", "deleted"]);
    expect(await verify({ source: fixture.source, target: fixture.target, tables: [ITEMS] })).toMatchObject({ drift: [] });
    expect(await fixture.target.query(`SELECT * FROM "_strangler_applied_positions" WHERE "key" = '{"id":43}'`)).toEqual(untouched);
  });

  it("compares only the given keys when scoped, reading them by key, and finds the same drift there", async () => {
    await fixture.target.query(`UPDATE "item_copies" SET "name" = 'scoped corrupt' WHERE "id" = 12`);
    await fixture.target.query(`UPDATE "item_copies" SET "name" = 'not asked about' WHERE "id" = 13`);
    const byKey: VerifiedTable = {
      ...ITEMS,
      async readTargetKeys(db, keys) {
        const rows: Row[] = await db.query(`SELECT "id", "name", "qty" FROM "item_copies" WHERE "id" IN (${keys.map(() => "?").join(", ")})`, [...keys]);
        return rows.map((row) => ({ key: row.id as number, row }));
      },
    };

    for (const table of [byKey, ITEMS]) {
      const report = await verify({ source: fixture.source, target: fixture.target, tables: [table], keys: { items: [12, 14, 500, 12] } });
      expect(report.drift.map(describeDrift)).toEqual([`items 12: different (name: expected "item-12-111", found "scoped corrupt")`]);
    }
    expect(await verify({ source: fixture.source, target: fixture.target, tables: [byKey], keys: {} })).toEqual({ drift: [], compared: { items: 0 } });
    expect((await verify({ source: fixture.source, target: fixture.target, tables: [byKey], keys: { items: [12, 14] } })).compared).toEqual({ items: 2 });
  });
});
