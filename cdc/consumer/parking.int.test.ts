import { usePipeline } from "../../testing";
import { replayFromPosition, startConsumer } from "../start-consumer";
import { startRelay } from "../start-relay";
import { assertHistory, waitUntil, writeItemChanges } from "../testing";

// Groups of one change (parts of at most 1): the first tests are about one row's changes behind a
// parked one, whatever else the relay's look saw committed; the last is about a group parked whole.
let maxGroupSize = 1;
const pipeline = usePipeline("each", async (harness) => {
  harness.track(await startRelay({ db: harness.fixture.source, url: harness.nats.url, ackTimeoutMs: 1000, maxGroupSize }));
});

async function consumer(db = pipeline.fixture.target, durable = "copies") {
  const started = await startConsumer({ db, url: pipeline.nats.url, source: "shop", durable, mapping: pipeline.fixture.mapping, ackWaitMs: 1000, maxAttempts: 3, retryBaseMs: 20, retryMaxMs: 50 });
  pipeline.track(started);
  return started;
}

describe("parked changes (real nats-server, real SQLite)", () => {
  it("parks a change that keeps failing, holds later changes of its row only, and replays them in order once fixed", async () => {
    pipeline.fixture.poisonNames.add("poison");
    const { consumer: live } = await consumer();
    await pipeline.fixture.source.query(`INSERT INTO "items" ("id", "name", "qty") VALUES (1, 'fine', 1)`);
    await pipeline.fixture.source.query(`UPDATE "items" SET "name" = 'poison' WHERE "id" = 1`);
    await pipeline.fixture.source.query(`UPDATE "items" SET "name" = 'after-poison', "qty" = 3 WHERE "id" = 1`);
    await writeItemChanges(pipeline.fixture.source, { count: 60, keys: 6, firstId: 10 });

    await waitUntil(async () => (await live.listParked()).length === 2, "two parked changes");
    const parked = await live.listParked();
    expect(parked.map((change) => [change.key, change.event.after?.name])).toEqual([
      ['{"id":1}', "poison"],
      ['{"id":1}', "after-poison"],
    ]);
    expect(parked[0]).toMatchObject({ attempts: 3, reason: expect.stringContaining("poison item") });
    expect(parked[1].reason).toContain("held behind parked change");
    const others = (await pipeline.fixture.sourceChanges()).filter((change) => change.key.id !== 1);
    await waitUntil(async () => (await pipeline.fixture.appliedHistory()).filter((change) => change.key.id !== 1).length >= others.length, "other rows applied");
    expect(await pipeline.fixture.target.query(`SELECT "name" FROM "item_copies" WHERE "id" = 1`)).toEqual([{ name: "fine" }]);

    pipeline.fixture.poisonNames.clear();
    await expect(live.replayParked({ key: '{"id":1}' })).resolves.toEqual({ replayed: 2, stillParked: 0 });
    expect(await pipeline.fixture.target.query(`SELECT "name", "qty" FROM "item_copies" WHERE "id" = 1`)).toEqual([{ name: "after-poison", qty: 3 }]);
    assertHistory(await pipeline.fixture.sourceChanges(), await pipeline.fixture.appliedHistory());
    expect((await live.status()).parked).toBe(0);
  });

  it("replays from a position into a new target: it gets exactly the changes from that position on", async () => {
    await writeItemChanges(pipeline.fixture.source, { count: 40, keys: 4 });
    const { consumer: first } = await consumer();
    await waitUntil(async () => (await pipeline.fixture.appliedHistory()).length >= 40, "first target caught up");

    const late = await pipeline.fixture.openTarget("late");
    const from = (await pipeline.fixture.sourceChanges())[25].position;
    await replayFromPosition({ db: late, url: pipeline.nats.url, source: "shop", durable: "late", position: from, ackWaitMs: 1000 });
    await consumer(late, "late");
    const expected = (await pipeline.fixture.sourceChanges()).filter((change) => change.position >= from);
    await waitUntil(async () => (await pipeline.fixture.appliedHistory(late)).length >= expected.length, "late target caught up");
    assertHistory(expected, await pipeline.fixture.appliedHistory(late));
    expect((await first.status()).applied).toBe(40);
  });

  describe("with transaction groups", () => {
    beforeAll(() => {
      maxGroupSize = 1000;
    });

    it("parks a transaction whole when one of its changes keeps failing, applies the transactions after it, and replays it whole", async () => {
      pipeline.fixture.poisonNames.add("poison");
      const { consumer: live } = await consumer();
      await pipeline.fixture.source.transaction(async (tx) => {
        await tx.query(`INSERT INTO "items" ("id", "name", "qty") VALUES (100, 'sibling', 1)`);
        await tx.query(`INSERT INTO "items" ("id", "name", "qty") VALUES (101, 'poison', 1)`);
      });
      await waitUntil(async () => (await live.listParked()).length === 2, "the transaction parked, both changes");
      expect((await live.listParked()).map((change) => change.key).sort()).toEqual(['{"id":100}', '{"id":101}']);
      expect(await pipeline.fixture.target.query(`SELECT "id" FROM "item_copies" WHERE "id" >= 100`)).toEqual([]);

      await writeItemChanges(pipeline.fixture.source, { count: 20, keys: 4, firstId: 10 });
      const others = (await pipeline.fixture.sourceChanges()).filter((change) => Number(change.key.id) < 100);
      await waitUntil(async () => (await pipeline.fixture.appliedHistory()).filter((change) => Number(change.key.id) < 100).length >= others.length, "later transactions applied");

      pipeline.fixture.poisonNames.clear();
      await expect(live.replayParked()).resolves.toEqual({ replayed: 2, stillParked: 0 });
      expect(await pipeline.fixture.target.query(`SELECT "id", "name" FROM "item_copies" WHERE "id" >= 100 ORDER BY "id"`)).toEqual([
        { id: 100, name: "sibling" },
        { id: 101, name: "poison" },
      ]);
      assertHistory(await pipeline.fixture.sourceChanges(), await pipeline.fixture.appliedHistory());
    }, 30_000);
  });
});
