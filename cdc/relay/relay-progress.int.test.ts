import { rmSync } from "node:fs";
import Database from "better-sqlite3";
import type { Logger } from "../../platform";
import { usePipeline } from "../../testing";
import type { RelayHooks } from "./relay-options";
import { readPublishedThrough } from "./sqlite-relay-progress";
import { startConsumer } from "../start-consumer";
import { startRelay, type StartRelayOptions } from "../start-relay";
import { assertHistory, waitUntil, writeItemChanges } from "../testing";

const pipeline = usePipeline("each");

async function relay(options: Partial<StartRelayOptions> = {}) {
  return pipeline.track(await startRelay({ db: pipeline.fixture.source, url: pipeline.nats.url, ackTimeoutMs: 1000, ...options }));
}

async function consumer() {
  return pipeline.track(await startConsumer({ db: pipeline.fixture.target, url: pipeline.nats.url, source: "shop", durable: "copies", mapping: pipeline.fixture.mapping, ackWaitMs: 1000 }));
}

const progressFile = () => `${pipeline.fixture.dir}/source.strangler.sqlite`;
const publishedThrough = () => readPublishedThrough(progressFile(), "shop") ?? 0;
const head = async () => Number((await pipeline.fixture.source.query(`SELECT MAX("position") AS "head" FROM "_strangler_changes"`))[0].head ?? 0);
const firstPosition = async () => Number((await pipeline.fixture.source.query(`SELECT MIN("position") AS "first" FROM "_strangler_changes"`))[0].first ?? 0);
/** Changes other connections committed to the source since this connection last looked (SQLite counts them per connection). */
const dataVersion = async () => Number((await pipeline.fixture.source.query(`PRAGMA data_version`))[0].data_version);

async function publishedToHead(what: string): Promise<void> {
  const target = await head();
  await waitUntil(() => publishedThrough() >= target, `${what}: published through ${target}`, 20_000);
}

async function everythingApplied(): Promise<void> {
  const expected = (await pipeline.fixture.sourceChanges()).length;
  await waitUntil(async () => (await pipeline.fixture.appliedHistory()).length >= expected, `${expected} applied changes`, 20_000);
}

describe("relay progress outside the source database (real nats-server, real SQLite)", () => {
  it("keeps published-through in <source>.strangler.sqlite and, after a restart, resumes after it", async () => {
    await consumer();
    const first = await relay();
    expect(first.progressFile).toBe(progressFile());
    await writeItemChanges(pipeline.fixture.source, { count: 100, keys: 10 });
    await publishedToHead("first run");
    await first.stop();
    expect(publishedThrough()).toBe(100);

    await writeItemChanges(pipeline.fixture.source, { count: 50, keys: 10, label: "after-restart" });
    const second = await relay();
    await publishedToHead("second run");
    expect(await second.relay.status()).toMatchObject({ publishedThrough: 150, published: 50, duplicates: 0, backlog: 0 });
    await everythingApplied();
    assertHistory(await pipeline.fixture.sourceChanges(), await pipeline.fixture.appliedHistory());
  }, 60_000);

  it("writes nothing into the source database while changes flow; the same probe sees its prune once changes are old and the source idle", async () => {
    await consumer();
    const pruned: number[] = [];
    const hooks: RelayHooks = { afterPrune: (deleted) => void pruned.push(deleted) };
    await relay({ cleanupEveryMs: 20, pruneWhenIdleMs: 300, retentionMs: 3600_000, hooks });
    await writeItemChanges(pipeline.fixture.source, { count: 10, keys: 5 });
    await publishedToHead("warm-up");

    // All writes below go through the probe's own connection, so only another connection's commit
    // (the relay's) can move its data_version. Changes flow for a while: reads, publishes, progress
    // saves and pruning checks all happen meanwhile.
    const before = await dataVersion();
    for (let round = 0; round < 20; round++) {
      await writeItemChanges(pipeline.fixture.source, { count: 25, keys: 10, perTransaction: 5, label: `round-${round}` });
      await publishedToHead(`round ${round}`);
    }
    expect(await dataVersion()).toBe(before);
    expect(pruned).toEqual([]);
    await everythingApplied();
    assertHistory(await pipeline.fixture.sourceChanges(), await pipeline.fixture.appliedHistory());

    // Control: made old, the published changes are pruned by the relay once the source is idle, and the probe sees that write.
    const last = await head();
    await pipeline.fixture.source.query(`UPDATE "_strangler_changes" SET "committed_at" = '2000-01-01T00:00:00.000Z'`);
    expect(await dataVersion()).toBe(before);
    await waitUntil(async () => (await firstPosition()) === 0, "every old published change pruned", 20_000);
    expect(await dataVersion()).not.toBe(before);
    expect(pruned.reduce((sum, count) => sum + count, 0)).toBe(last);
  }, 60_000);

  it("upgrades from the log's published column: starts below the first row the old relay left unpublished and never writes the column", async () => {
    await consumer();
    const earlier = await relay();
    await writeItemChanges(pipeline.fixture.source, { count: 60, keys: 12 });
    await publishedToHead("earlier run");
    await earlier.stop();
    // What an older relay leaves behind: no progress file, and marks in the column (acks came back out of order).
    rmSync(progressFile(), { force: true });
    rmSync(`${progressFile()}-wal`, { force: true });
    rmSync(`${progressFile()}-shm`, { force: true });
    await pipeline.fixture.source.query(`UPDATE "_strangler_changes" SET "published" = CASE WHEN "position" <= 40 OR "position" IN (45, 50) THEN 1 ELSE 0 END`);
    await writeItemChanges(pipeline.fixture.source, { count: 10, keys: 12, label: "new" });

    const upgraded = await relay();
    await publishedToHead("upgraded run");
    // 41..60 went out again, in a new transaction group with 61..70: the broker takes the copies
    // (the group is part of their dedupe id), the consumer finds 41..60 applied already.
    expect(await upgraded.relay.status()).toMatchObject({ publishedThrough: 70, published: 30, duplicates: 0 });
    const marks = await pipeline.fixture.source.query(`SELECT "position" FROM "_strangler_changes" WHERE "published" = 1 ORDER BY "position"`);
    expect(marks.map((row: { position: number }) => row.position)).toEqual([...Array.from({ length: 40 }, (_, index) => index + 1), 45, 50]);
    await everythingApplied();
    assertHistory(await pipeline.fixture.sourceChanges(), await pipeline.fixture.appliedHistory());
  }, 60_000);
});

describe("pruning the change log (real nats-server, real SQLite)", () => {
  it("prunes only old published changes, in batches of at most 500, never while changes keep arriving, and once the source is idle", async () => {
    const idleMs = 1500;
    await consumer();
    const batches: Array<{ deleted: number; at: number }> = [];
    await relay({ cleanupEveryMs: 20, pruneWhenIdleMs: idleMs, retentionMs: 3600_000, hooks: { afterPrune: (deleted) => void batches.push({ deleted, at: Date.now() }) } });
    await writeItemChanges(pipeline.fixture.source, { count: 1300, keys: 40, perTransaction: 100 });
    await publishedToHead("the backlog");
    await everythingApplied();
    assertHistory(await pipeline.fixture.sourceChanges(), await pipeline.fixture.appliedHistory());
    await pipeline.fixture.source.query(`UPDATE "_strangler_changes" SET "committed_at" = '2000-01-01T00:00:00.000Z' WHERE "position" <= 1200`);

    // A steady trickle of changes, each waited for: the source is never idle for idleMs.
    const started = Date.now();
    let lastWriteAt = 0;
    while (Date.now() - started < idleMs * 3) {
      await writeItemChanges(pipeline.fixture.source, { count: 1, keys: 1, firstId: 5000, label: "trickle" });
      lastWriteAt = Date.now();
      await publishedToHead("a trickled change");
    }
    expect(batches).toEqual([]);
    expect(await firstPosition()).toBe(1);

    const last = await head();
    await waitUntil(async () => (await firstPosition()) === 1201, "the old published changes pruned once idle", 30_000);
    const done = batches.filter((batch) => batch.deleted > 0);
    expect(done[0].at - lastWriteAt).toBeGreaterThanOrEqual(idleMs - 50);
    expect(done.every((batch) => batch.deleted <= 500)).toBe(true);
    expect(done.reduce((sum, batch) => sum + batch.deleted, 0)).toBe(1200);
    expect(done.length).toBeGreaterThanOrEqual(3);
    const left = await pipeline.fixture.source.query(`SELECT COUNT(*) AS "n" FROM "_strangler_changes"`);
    expect(left[0].n).toBe(last - 1200);
  }, 90_000);

  it("never waits for the write lock: a prune refused while a legacy writer holds it is retried on a later turn", async () => {
    const refused: string[] = [];
    const logger = { debug: (message: string) => void refused.push(message), info: () => undefined, warn: () => undefined } as unknown as Logger;
    const batches: number[] = [];
    await relay({ cleanupEveryMs: 20, pruneWhenIdleMs: 300, retentionMs: 0, logger, hooks: { afterPrune: (deleted) => void batches.push(deleted) } });
    // A legacy writer's open write transaction, taken before the relay has seen the source idle.
    const legacy = new Database(`${pipeline.fixture.dir}/source.sqlite`);
    try {
      await writeItemChanges(pipeline.fixture.source, { count: 30, keys: 5 });
      legacy.exec("BEGIN IMMEDIATE");
      // Three refusals come quickly: a connection waiting on busy_timeout (5 s by default) would block the whole process for each.
      await waitUntil(() => refused.filter((message) => message.startsWith("prune batch refused")).length >= 3, "three refused prune batches", 8_000);
      expect(batches).toEqual([]);
      expect(await firstPosition()).toBe(1);
      legacy.exec("COMMIT");
      await waitUntil(async () => (await firstPosition()) === 0, "pruned once the lock is free", 20_000);
      expect(batches.reduce((sum, count) => sum + count, 0)).toBe(30);
    } finally {
      if (legacy.inTransaction) legacy.exec("ROLLBACK");
      legacy.close();
    }
  }, 60_000);
});
