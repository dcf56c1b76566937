import type { DataSource } from "typeorm";
import type { Row } from "../../contracts";
import { SqlChangeLog } from "../sqlite/sql-change-log";
import { SimulatedCrash } from "../core/errors";
import { SqlTargetStore } from "../consumer/sql-target-store";
import { toChangeEvent } from "../relay/to-change-event";
import { pipelineFixture, writeItemChanges, type PipelineFixture } from "../testing";
import { installBackfillTablesV1, readCheckpoint, runBackfill, type BackfillOptions, type BackfillProgress } from ".";

const CONSUMER = "copies-from-shop";

async function rows(db: DataSource, table: string): Promise<Row[]> {
  return db.query(`SELECT "id", "name", "qty" FROM "${table}" ORDER BY "id"`);
}

describe("runBackfill", () => {
  let fixture: PipelineFixture;
  let store: SqlTargetStore;
  let applied: number;

  /** Plays the live consumer: applies every logged change above `after` through the consumer's own store. */
  async function applyLiveChanges(): Promise<void> {
    const log = await SqlChangeLog.open(fixture.source);
    const changes = await log.readUnpublished(applied, 10_000);
    if (changes.length === 0) return;
    const outcomes = await store.applyBatch(changes.map((change) => toChangeEvent("shop", change)));
    expect(outcomes.filter((outcome) => outcome.kind === "waiting" || outcome.kind === "failed")).toEqual([]);
    applied = changes[changes.length - 1].position;
  }

  function backfill(extra: Partial<BackfillOptions> = {}) {
    return runBackfill({ source: fixture.source, target: fixture.target, sourceName: "shop", mapping: fixture.mapping, tables: [{ table: "items", key: "id" }], chunkSize: 10, consumer: CONSUMER, ...extra });
  }

  beforeEach(async () => {
    fixture = await pipelineFixture();
    const runner = fixture.target.createQueryRunner();
    await installBackfillTablesV1(runner);
    await runner.release();
    await writeItemChanges(fixture.source, { count: 45, keys: 45 });
    store = new SqlTargetStore({ db: fixture.target, consumer: CONSUMER, source: "shop", mapping: fixture.mapping });
    applied = 0;
  });

  afterEach(async () => {
    await fixture.close();
  });

  it("copies every row in chunks, reports progress, and starts the consumer above its start position", async () => {
    const progress: BackfillProgress[] = [];
    const result = await backfill({ onProgress: (p) => progress.push(p) });
    expect(await rows(fixture.target, "item_copies")).toEqual(await rows(fixture.source, "items"));
    expect(result.rowsWritten).toBe(45);
    expect(progress.map((p) => p.rowsDone)).toEqual([10, 20, 30, 40, 45]);
    expect(progress.every((p) => p.rowsTotal === 45)).toBe(true);
    expect(result.startPosition).toBe(45);
    expect(await store.startPosition()).toBe(46);
    expect((await readCheckpoint(fixture.target, "shop", "items"))?.completed).toBe(true);
  });

  it("never overwrites a row with a stale chunk when the live change was applied first", async () => {
    await backfill({
      afterRead: async (_table, chunk) => {
        if (chunk[0]?.id !== 11) return;
        await fixture.source.query(`UPDATE "items" SET "name" = 'live', "qty" = 99 WHERE "id" = 12`);
        await applyLiveChanges();
      },
    });
    const copy = await rows(fixture.target, "item_copies");
    expect(copy.find((row) => row.id === 12)).toEqual({ id: 12, name: "live", qty: 99 });
    expect(copy).toEqual(await rows(fixture.source, "items"));
  });

  it("applies a live update that lands after the chunk was written", async () => {
    await backfill({
      afterRead: async (_table, chunk) => {
        if (chunk[0]?.id === 11) await fixture.source.query(`UPDATE "items" SET "name" = 'later' WHERE "id" = 15`);
      },
    });
    expect((await rows(fixture.target, "item_copies")).find((row) => row.id === 15)?.name).not.toBe("later");
    await applyLiveChanges();
    expect(await rows(fixture.target, "item_copies")).toEqual(await rows(fixture.source, "items"));
  });

  it("never resurrects a row deleted while its chunk was in flight, whichever lands first", async () => {
    await backfill({
      afterRead: async (_table, chunk) => {
        if (chunk[0]?.id !== 21) return;
        await fixture.source.query(`DELETE FROM "items" WHERE "id" IN (22, 23)`);
        // 22: the consumer applies the delete before the chunk is written; 23: after it.
        const log = await SqlChangeLog.open(fixture.source);
        const deletes = (await log.readUnpublished(0, 10_000)).filter((change) => change.op === "delete");
        await store.applyBatch([toChangeEvent("shop", deletes.find((change) => change.key.id === 22)!)]);
      },
    });
    const ids = (await rows(fixture.target, "item_copies")).map((row) => row.id);
    expect(ids).not.toContain(22);
    expect(ids).toContain(23);
    await applyLiveChanges();
    expect(await rows(fixture.target, "item_copies")).toEqual(await rows(fixture.source, "items"));
  });

  it("resumes after a kill from the last committed chunk and copies the rest once", async () => {
    await expect(
      backfill({
        afterRead: (_table, chunk) => {
          if (chunk[0]?.id === 31) throw new SimulatedCrash("backfill chunk 4");
        },
      }),
    ).rejects.toThrow(SimulatedCrash);
    const checkpoint = await readCheckpoint(fixture.target, "shop", "items");
    expect(checkpoint).toMatchObject({ afterKey: 30, rowsDone: 30, completed: false });
    expect((await rows(fixture.target, "item_copies")).length).toBe(30);

    await fixture.source.query(`UPDATE "items" SET "name" = 'while-down' WHERE "id" = 40`);
    const resumed = await backfill();
    expect(resumed.tables.items).toEqual({ rows: 15, resumed: true });
    expect(resumed.startPosition).toBe(45);
    expect(await rows(fixture.target, "item_copies")).toEqual(await rows(fixture.source, "items"));
  });

  it("refuses a table the mapping does not know before writing anything", async () => {
    await expect(backfill({ tables: [{ table: "nope", key: "id" }] })).rejects.toMatchObject({ code: "CDC_ERR_UNMAPPED_TABLE" });
    expect(await rows(fixture.target, "item_copies")).toEqual([]);
  });
});
