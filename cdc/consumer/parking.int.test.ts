import { testNatsServer, type TestNatsServer } from "../../testing";
import { replayFromPosition, startConsumer, type RunningConsumer } from "../start-consumer";
import { startRelay, type RunningRelay } from "../start-relay";
import { assertHistory, pipelineFixture, waitUntil, writeItemChanges, type PipelineFixture } from "../testing";

let nats: TestNatsServer;
let fixture: PipelineFixture;
const running: Array<RunningRelay | RunningConsumer> = [];

beforeEach(async () => {
  nats = await testNatsServer();
  fixture = await pipelineFixture();
  running.push(await startRelay({ db: fixture.source, url: nats.url, ackTimeoutMs: 1000 }));
});

afterEach(async () => {
  try {
    for (const part of running.splice(0)) await part.stop();
  } finally {
    await fixture?.close();
    await nats?.close();
  }
});

async function consumer(db = fixture.target, durable = "copies") {
  const started = await startConsumer({ db, url: nats.url, source: "shop", durable, mapping: fixture.mapping, ackWaitMs: 1000, maxAttempts: 3, retryBaseMs: 20, retryMaxMs: 50 });
  running.push(started);
  return started;
}

describe("parked changes (real nats-server, real SQLite)", () => {
  it("parks a change that keeps failing, holds later changes of its row only, and replays them in order once fixed", async () => {
    fixture.poisonNames.add("poison");
    const { consumer: live } = await consumer();
    await fixture.source.query(`INSERT INTO "items" ("id", "name", "qty") VALUES (1, 'fine', 1)`);
    await fixture.source.query(`UPDATE "items" SET "name" = 'poison' WHERE "id" = 1`);
    await fixture.source.query(`UPDATE "items" SET "name" = 'after-poison', "qty" = 3 WHERE "id" = 1`);
    await writeItemChanges(fixture.source, { count: 60, keys: 6, firstId: 10 });

    await waitUntil(async () => (await live.listParked()).length === 2, "two parked changes");
    const parked = await live.listParked();
    expect(parked.map((change) => [change.key, change.event.after?.name])).toEqual([
      ['{"id":1}', "poison"],
      ['{"id":1}', "after-poison"],
    ]);
    expect(parked[0]).toMatchObject({ attempts: 3, reason: expect.stringContaining("poison item") });
    expect(parked[1].reason).toContain("held behind parked change");
    const others = (await fixture.sourceChanges()).filter((change) => change.key.id !== 1);
    await waitUntil(async () => (await fixture.appliedHistory()).filter((change) => change.key.id !== 1).length >= others.length, "other rows applied");
    expect(await fixture.target.query(`SELECT "name" FROM "item_copies" WHERE "id" = 1`)).toEqual([{ name: "fine" }]);

    fixture.poisonNames.clear();
    await expect(live.replayParked({ key: '{"id":1}' })).resolves.toEqual({ replayed: 2, stillParked: 0 });
    expect(await fixture.target.query(`SELECT "name", "qty" FROM "item_copies" WHERE "id" = 1`)).toEqual([{ name: "after-poison", qty: 3 }]);
    assertHistory(await fixture.sourceChanges(), await fixture.appliedHistory());
    expect((await live.status()).parked).toBe(0);
  });

  it("replays from a position into a new target: it gets exactly the changes from that position on", async () => {
    await writeItemChanges(fixture.source, { count: 40, keys: 4 });
    const { consumer: first } = await consumer();
    await waitUntil(async () => (await fixture.appliedHistory()).length >= 40, "first target caught up");

    const late = await fixture.openTarget("late");
    const from = (await fixture.sourceChanges())[25].position;
    await replayFromPosition({ db: late, url: nats.url, source: "shop", durable: "late", position: from, ackWaitMs: 1000 });
    await consumer(late, "late");
    const expected = (await fixture.sourceChanges()).filter((change) => change.position >= from);
    await waitUntil(async () => (await fixture.appliedHistory(late)).length >= expected.length, "late target caught up");
    assertHistory(expected, await fixture.appliedHistory(late));
    expect((await first.status()).applied).toBe(40);
  });
});
