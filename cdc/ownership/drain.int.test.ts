import { usePipeline } from "../../testing";
import { startConsumer } from "../start-consumer";
import { startRelay } from "../start-relay";
import { currentPosition } from "../backfill";
import { CONSUMER_CHECKPOINTS_TABLE } from "../sqlite/consumer-tables-v1";
import { defaultProgressFile, publishedThroughOf } from "../relay/sqlite-relay-progress";
import { drainStatus, waitForDrain, type DrainProgress, type WriteSide } from ".";

const pipeline = usePipeline("each");

const sides = (): { from: WriteSide; to: WriteSide } => ({
  from: { name: "shop", db: pipeline.fixture.source, tables: ["items"], publishedThrough: publishedThroughOf(defaultProgressFile(pipeline.fixture.source), "shop") },
  to: { name: "copies", db: pipeline.fixture.target, tables: ["item_copies"] },
});

async function consumer() {
  return pipeline.track(
    await startConsumer({ db: pipeline.fixture.target, url: pipeline.nats.url, source: "shop", durable: "copies", mapping: pipeline.fixture.mapping, ackWaitMs: 1000, maxAttempts: 2, retryBaseMs: 20, retryMaxMs: 40 }),
  );
}

async function write(id: number, name: string): Promise<void> {
  await pipeline.fixture.source.query(`INSERT INTO "items" ("id", "name", "qty") VALUES (?, ?, 1) ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name"`, [id, name]);
}

describe("draining a source into a target by position (real nats-server, real SQLite)", () => {
  it("names each row whose latest change the target has not taken, and the changes the relay has not published", async () => {
    await write(1, "a");
    await write(1, "b");
    await write(2, "c");
    const { from, to } = sides();
    const head = await currentPosition(from.db);

    const status = await drainStatus(from, to, head);

    expect(status.drained).toBe(false);
    expect(status.pending.map((change) => [change.table, change.key])).toEqual(
      expect.arrayContaining([
        ["items", '{"id":1}'],
        ["items", '{"id":2}'],
      ]),
    );
    expect(status.pending).toHaveLength(2);
    expect(status.pending.find((change) => change.key === '{"id":1}')?.position).toBe(head - 1);
    expect(status.unpublished).toBe(3);
    expect((await drainStatus({ ...from, publishedThrough: undefined }, to, head)).unpublished).toBeNull();
  });

  it("is drained once the relay and consumer have carried every change up to the position, and later changes do not hold it back", async () => {
    for (let id = 1; id <= 20; id++) await write(id, `v${id}`);
    const { from, to } = sides();
    const through = await currentPosition(from.db);
    pipeline.track(await startRelay({ db: from.db, url: pipeline.nats.url }));
    const running = await consumer();

    const polls: number[] = [];
    const status = await waitForDrain(from, to, through, { timeoutMs: 15_000, onPoll: (poll) => polls.push(poll.pending.length) });

    expect(status).toMatchObject({ drained: true, pending: [], parked: [], unpublished: 0 });
    expect((await pipeline.fixture.target.query(`SELECT COUNT(*) AS "n" FROM "item_copies"`))[0].n).toBe(20);
    // Once drained, a position stays drained: changes logged after it are not part of it.
    await running.stop();
    await write(21, "later");
    expect((await drainStatus(from, to, through)).drained).toBe(true);
    expect((await drainStatus(from, to, await currentPosition(from.db))).pending.map((change) => change.key)).toEqual(['{"id":21}']);
    expect(polls[polls.length - 1]).toBe(0);
  });

  it("gives up at the timeout with what is still missing when no consumer runs", async () => {
    await write(7, "stuck");
    const { from, to } = sides();
    pipeline.track(await startRelay({ db: from.db, url: pipeline.nats.url }));
    const started = Date.now();

    const status = await waitForDrain(from, to, await currentPosition(from.db), { timeoutMs: 300, pollMs: 20 });

    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(status.drained).toBe(false);
    expect(status.gaveUp).toBe("timeout");
    expect(status.pending.map((change) => change.key)).toEqual(['{"id":7}']);
  });

  /** A consumer of "shop" committing a batch now (as one working through a backlog does for every batch, even one it only skips). */
  async function consumerBatch(lastPosition: number): Promise<void> {
    await pipeline.fixture.target.query(
      `INSERT INTO "${CONSUMER_CHECKPOINTS_TABLE}" ("consumer", "source", "start_position", "last_position", "updated_at") VALUES ('backlog', 'shop', 0, ?, ?)
         ON CONFLICT ("consumer") DO UPDATE SET "last_position" = excluded."last_position", "updated_at" = excluded."updated_at"`,
      [lastPosition, new Date().toISOString()],
    );
  }

  it("with stallMs, keeps waiting far past it while the consumer works through a backlog, and drains once it arrives", async () => {
    await write(7, "behind a backlog");
    const { from, to } = sides();
    const through = await currentPosition(from.db);
    const started = Date.now();
    // The consumer takes a batch every 100 ms, still short of `through`, for 2.5 s: well past the stall limit.
    const backlog = setInterval(() => void consumerBatch(through - 1), 100);
    setTimeout(() => {
      clearInterval(backlog);
      void (async () => {
        pipeline.track(await startRelay({ db: from.db, url: pipeline.nats.url }));
        await consumer();
      })();
    }, 2500);

    const polls: DrainProgress[] = [];
    const status = await waitForDrain(from, to, through, { stallMs: 1000, pollMs: 20, onPoll: (_poll, progress) => polls.push(progress) });

    expect(status).toMatchObject({ drained: true, gaveUp: null, pending: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2500);
    expect(polls.find((poll) => poll.elapsedMs > 1000)?.consumer).toEqual({ lastBatchAt: expect.any(String), lastPosition: through - 1 });
  });

  it("with stallMs, gives up once nothing has moved for that long, with what is missing: no consumer, relay done", async () => {
    await write(7, "stuck");
    const { from, to } = sides();
    pipeline.track(await startRelay({ db: from.db, url: pipeline.nats.url }));
    const started = Date.now();

    const status = await waitForDrain(from, to, await currentPosition(from.db), { stallMs: 300, pollMs: 20 });

    expect(status).toMatchObject({ drained: false, gaveUp: "stalled", unpublished: 0 });
    expect(status.idleMs).toBeGreaterThanOrEqual(300);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(status.pending.map((change) => change.key)).toEqual(['{"id":7}']);
  });

  it("with stallMs, does not count a consumer's batches once it is past the position: a row it never takes stalls the wait", async () => {
    await write(7, "skipped somehow");
    const { from, to } = sides();
    const through = await currentPosition(from.db);
    const later = setInterval(() => void consumerBatch(through + 10), 50);

    const status = await waitForDrain(from, to, through, { stallMs: 300, pollMs: 20 }).finally(() => clearInterval(later));

    expect(status).toMatchObject({ drained: false, gaveUp: "stalled" });
    expect(status.elapsedMs).toBeLessThan(5_000);
  });

  it("stops waiting at once when a change of a moved table is parked: waiting would never drain it", async () => {
    pipeline.fixture.poisonNames.add("poison");
    await write(3, "poison");
    const { from, to } = sides();
    pipeline.track(await startRelay({ db: from.db, url: pipeline.nats.url }));
    await consumer();

    const status = await waitForDrain(from, to, await currentPosition(from.db), { timeoutMs: 20_000 });

    expect(status.drained).toBe(false);
    expect(status.parked.map((change) => [change.table, change.key])).toEqual([["items", '{"id":3}']]);
  });

  it("stops waiting when the caller aborts", async () => {
    await write(9, "x");
    const { from, to } = sides();
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 100);

    const status = await waitForDrain(from, to, await currentPosition(from.db), { timeoutMs: 20_000, signal: abort.signal });

    expect(status.drained).toBe(false);
    expect(abort.signal.aborted).toBe(true);
  });
});
