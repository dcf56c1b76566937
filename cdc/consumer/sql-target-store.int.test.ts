import { changeEventId, type ChangeEvent } from "../../contracts";
import { installConsumerTablesV1 } from "../sqlite/consumer-tables-v1";
import { SqlChangeLog } from "../sqlite/sql-change-log";
import { defineMapping, tableMapping } from "./mapping";
import { SqlTargetStore } from "./sql-target-store";
import { pipelineFixture, type ItemRow, type PipelineFixture } from "../testing";

let fixture: PipelineFixture;

beforeAll(async () => {
  fixture = await pipelineFixture();
});

afterAll(async () => {
  await fixture?.close();
});

function change(position: number, origin: string, name: string): ChangeEvent {
  return { kind: "change", id: changeEventId("catalog", position), source: "catalog", position, previousPosition: null, table: "items", op: "insert", key: { id: position }, before: null, after: { id: position, name, qty: 1 }, committedAt: new Date().toISOString(), origin };
}

describe("SqlTargetStore", () => {
  it("records a change that came from the target itself without applying it back", async () => {
    const store = new SqlTargetStore({ db: fixture.target, consumer: "c1", source: "catalog", mapping: fixture.mapping, ownOrigin: "target-db" });
    expect(await store.applyBatch([change(1, "target-db", "echo"), change(2, "catalog", "real")])).toEqual([{ kind: "recorded" }, { kind: "applied" }]);
    expect(await fixture.target.query(`SELECT "id" FROM "item_copies" ORDER BY "id"`)).toEqual([{ id: 2 }]);
    expect(await store.applyBatch([change(1, "target-db", "echo")])).toEqual([{ kind: "skipped", reason: "duplicate" }]);
  });

  it("writes into a captured target with the change's origin, so its own relay can tell where it came from", async () => {
    // Reverse sync: the source database of the fixture plays a target that captures its own changes.
    const mapping = defineMapping({
      items: tableMapping<ItemRow>({
        upsert: async (row, tx) => {
          await tx.query(`INSERT INTO "items" ("id", "name", "qty") VALUES (?, ?, ?)`, [row.id, row.name, row.qty]);
        },
        delete: async () => undefined,
      }),
    });
    const runner = fixture.source.createQueryRunner();
    await installConsumerTablesV1(runner);
    await runner.release();
    const store = new SqlTargetStore({ db: fixture.source, consumer: "reverse", source: "catalog", mapping, ownOrigin: "shop", targetHasCapture: true });
    await store.applyBatch([change(50, "catalog", "from catalog")]);
    await fixture.source.query(`INSERT INTO "items" ("id", "name", "qty") VALUES (51, 'local', 1)`);
    const logged = await (await SqlChangeLog.open(fixture.source)).readUnpublished(0, 100);
    expect(logged.map((entry) => [entry.key.id, entry.origin])).toEqual([
      [50, "catalog"],
      [51, "shop"],
    ]);
  });
});
