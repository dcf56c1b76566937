import { usePipeline } from "../../testing";
import { SimulatedCrash } from "../core/errors";
import { startConsumer } from "../start-consumer";
import { startRelay } from "../start-relay";
import { assertHistory, waitUntil, writeItemChanges } from "../testing";
import type { ConsumerHooks } from "./consumer-options";

const pipeline = usePipeline("each", async (harness) => {
  harness.track(await startRelay({ db: harness.fixture.source, url: harness.nats.url, ackTimeoutMs: 1000 }));
});

async function consumer(hooks?: ConsumerHooks, ackWaitMs = 1000) {
  const started = await startConsumer({ db: pipeline.fixture.target, url: pipeline.nats.url, source: "shop", durable: "copies", mapping: pipeline.fixture.mapping, ackWaitMs, hooks, batchSize: 32 });
  pipeline.track(started);
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
  const expected = (await pipeline.fixture.sourceChanges()).length;
  await waitUntil(async () => (await pipeline.fixture.appliedHistory()).length >= expected, `${expected} applied changes`);
}

describe("consumer crash recovery (real nats-server, real SQLite)", () => {
  it("applies every change once after a crash before the target commit (the batch is redelivered)", async () => {
    await writeItemChanges(pipeline.fixture.source, { count: 150, keys: 15 });
    const crashing = await consumer({ beforeCommit: crashOnce("before commit") });
    await expect(crashing.consumer.done()).rejects.toBeInstanceOf(SimulatedCrash);
    await consumer();
    await everythingApplied();
    assertHistory(await pipeline.fixture.sourceChanges(), await pipeline.fixture.appliedHistory());
  });

  it("applies every change once after a crash after the commit but before the acks (redeliveries are skipped)", async () => {
    await writeItemChanges(pipeline.fixture.source, { count: 150, keys: 15 });
    const crashing = await consumer({ afterCommit: crashOnce("after commit, before ack") });
    await expect(crashing.consumer.done()).rejects.toBeInstanceOf(SimulatedCrash);
    const resumed = await consumer();
    await everythingApplied();
    await waitUntil(async () => (await resumed.consumer.status()).skipped > 0, "redelivered changes skipped");
    assertHistory(await pipeline.fixture.sourceChanges(), await pipeline.fixture.appliedHistory());
  });

  it("holds a newer change of a row that arrives before the redelivery of the older one, then applies both in order", async () => {
    await pipeline.fixture.source.query(`INSERT INTO "items" ("id", "name", "qty") VALUES (1, 'v1', 1)`);
    // The first consumer takes v1 and dies without acking: v1 comes back only after ack_wait.
    const crashing = await consumer({ beforeCommit: crashOnce("holding v1") }, 2000);
    await expect(crashing.consumer.done()).rejects.toBeInstanceOf(SimulatedCrash);
    await pipeline.fixture.source.query(`UPDATE "items" SET "name" = 'v2', "qty" = 2 WHERE "id" = 1`);
    await writeItemChanges(pipeline.fixture.source, { count: 20, keys: 5, firstId: 10 });
    const resumed = await consumer(undefined, 2000);
    await everythingApplied();
    expect((await resumed.consumer.status()).waiting).toBeGreaterThan(0);
    assertHistory(await pipeline.fixture.sourceChanges(), await pipeline.fixture.appliedHistory());
    expect(await pipeline.fixture.target.query(`SELECT "name", "qty" FROM "item_copies" WHERE "id" = 1`)).toEqual([{ name: "v2", qty: 2 }]);
  });
});
