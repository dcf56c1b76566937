import { testNatsServer, type TestNatsServer } from "../../testing";
import { SimulatedCrash } from "../core/errors";
import { startConsumer, type RunningConsumer } from "../start-consumer";
import { startRelay, type RunningRelay } from "../start-relay";
import { assertHistory, pipelineFixture, waitUntil, writeItemChanges, type PipelineFixture } from "../testing";
import type { ConsumerHooks } from "./consumer-options";

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

async function consumer(hooks?: ConsumerHooks, ackWaitMs = 1000) {
  const started = await startConsumer({ db: fixture.target, url: nats.url, source: "shop", durable: "copies", mapping: fixture.mapping, ackWaitMs, hooks, batchSize: 32 });
  running.push(started);
  return started;
}

function crashOnce(point: string): () => void {
  let crashed = false;
  return () => {
    if (!crashed) {
      crashed = true;
      throw new SimulatedCrash(point);
    }
  };
}

async function everythingApplied(): Promise<void> {
  const expected = (await fixture.sourceChanges()).length;
  await waitUntil(async () => (await fixture.appliedHistory()).length >= expected, `${expected} applied changes`);
}

describe("consumer crash recovery (real nats-server, real SQLite)", () => {
  it("applies every change once after a crash before the target commit (the batch is redelivered)", async () => {
    await writeItemChanges(fixture.source, { count: 150, keys: 15 });
    const crashing = await consumer({ beforeCommit: crashOnce("before commit") });
    await expect(crashing.consumer.done()).rejects.toBeInstanceOf(SimulatedCrash);
    await consumer();
    await everythingApplied();
    assertHistory(await fixture.sourceChanges(), await fixture.appliedHistory());
  });

  it("applies every change once after a crash after the commit but before the acks (redeliveries are skipped)", async () => {
    await writeItemChanges(fixture.source, { count: 150, keys: 15 });
    const crashing = await consumer({ afterCommit: crashOnce("after commit, before ack") });
    await expect(crashing.consumer.done()).rejects.toBeInstanceOf(SimulatedCrash);
    const resumed = await consumer();
    await everythingApplied();
    await waitUntil(async () => (await resumed.consumer.status()).skipped > 0, "redelivered changes skipped");
    assertHistory(await fixture.sourceChanges(), await fixture.appliedHistory());
  });

  it("holds a newer change of a row that arrives before the redelivery of the older one, then applies both in order", async () => {
    await fixture.source.query(`INSERT INTO "items" ("id", "name", "qty") VALUES (1, 'v1', 1)`);
    // The first consumer takes v1 and dies without acking: v1 comes back only after ack_wait.
    const crashing = await consumer({ beforeCommit: crashOnce("holding v1") }, 2000);
    await expect(crashing.consumer.done()).rejects.toBeInstanceOf(SimulatedCrash);
    await fixture.source.query(`UPDATE "items" SET "name" = 'v2', "qty" = 2 WHERE "id" = 1`);
    await writeItemChanges(fixture.source, { count: 20, keys: 5, firstId: 10 });
    const resumed = await consumer(undefined, 2000);
    await everythingApplied();
    expect((await resumed.consumer.status()).waiting).toBeGreaterThan(0);
    assertHistory(await fixture.sourceChanges(), await fixture.appliedHistory());
    expect(await fixture.target.query(`SELECT "name", "qty" FROM "item_copies" WHERE "id" = 1`)).toEqual([{ name: "v2", qty: 2 }]);
  });
});
