import { pipelineFixture, writeItemChanges, type PipelineFixture } from "../testing";
import { SqlChangeLog } from "./sql-change-log";

let fixture: PipelineFixture;
let log: SqlChangeLog;

beforeEach(async () => {
  fixture = await pipelineFixture();
  log = await SqlChangeLog.open(fixture.source);
});

afterEach(async () => {
  await fixture?.close();
});

const positions = async () => ((await fixture.source.query(`SELECT "position" FROM "_strangler_changes" ORDER BY "position"`)) as Array<{ position: number }>).map((row) => row.position);
const age = (position: number, at: string) => fixture.source.query(`UPDATE "_strangler_changes" SET "committed_at" = ? WHERE "position" <= ?`, [at, position]);
const markPublishedTheOldWay = (list: number[]) => fixture.source.query(`UPDATE "_strangler_changes" SET "published" = 1 WHERE "position" IN (${list.join(", ")})`);

describe("SqlChangeLog on a real SQLite file", () => {
  it("reads changes above a position in position order, whatever the old published column says", async () => {
    await writeItemChanges(fixture.source, { count: 10, keys: 3 });
    await markPublishedTheOldWay([4, 5, 6]);
    expect((await log.readAfter(2, 5)).map((change) => change.position)).toEqual([3, 4, 5, 6, 7]);
    expect(await log.backlog(6)).toEqual({ count: 4, oldestCommittedAt: expect.stringMatching(/^\d{4}-/) });
    expect(await log.backlog(10)).toEqual({ count: 0, oldestCommittedAt: null });
  });

  it("finds where an upgraded relay starts: below the first row the old relay left unpublished, else the head, else 0", async () => {
    expect(await log.legacyPublishedThrough()).toBe(0);
    await writeItemChanges(fixture.source, { count: 8, keys: 8 });
    expect(await log.legacyPublishedThrough()).toBe(0);
    await markPublishedTheOldWay([1, 2, 3, 5, 6]);
    expect(await log.legacyPublishedThrough()).toBe(3);
    await markPublishedTheOldWay([4, 7, 8]);
    expect(await log.legacyPublishedThrough()).toBe(8);
  });

  it("finds the prunable range by position and deletes only changes at or below published-through and older than the cutoff, oldest first, at most `limit` per statement", async () => {
    await writeItemChanges(fixture.source, { count: 1300, keys: 40, perTransaction: 100 });
    await age(1200, "2000-01-01T00:00:00.000Z");
    const cutoff = new Date(Date.now() - 3600_000);

    expect(await log.prunable(0, cutoff)).toBeNull();
    expect(await log.prunable(700, cutoff)).toEqual({ first: 1, last: 700, count: 700 });
    expect(await log.prunable(5000, cutoff)).toEqual({ first: 1, last: 1200, count: 1200 });

    expect(await log.pruneBatch(700, cutoff, 500)).toBe(500);
    expect(await log.pruneBatch(700, cutoff, 500)).toBe(200);
    expect(await log.pruneBatch(700, cutoff, 500)).toBe(0);
    expect((await positions())[0]).toBe(701);
    expect(await log.prunable(5000, cutoff)).toEqual({ first: 701, last: 1200, count: 500 });

    expect(await log.pruneBatch(5000, cutoff, 500)).toBe(500);
    expect(await log.pruneBatch(5000, cutoff, 500)).toBe(0);
    // Recent changes stay, whatever published-through says.
    expect(await positions()).toEqual(Array.from({ length: 100 }, (_, index) => 1201 + index));
    expect(await log.prunable(5000, cutoff)).toBeNull();
  });

  it("never prunes a row younger than the cutoff even when the clock stepped back inside the range", async () => {
    await writeItemChanges(fixture.source, { count: 20, keys: 5 });
    await age(20, "2000-01-01T00:00:00.000Z");
    await fixture.source.query(`UPDATE "_strangler_changes" SET "committed_at" = ? WHERE "position" = 5`, [new Date().toISOString()]);
    const cutoff = new Date(Date.now() - 3600_000);
    expect(await log.pruneBatch(20, cutoff, 500)).toBe(19);
    expect(await positions()).toEqual([5]);
  });
});
