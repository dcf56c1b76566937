import { usePipeline } from "../../testing";
import { SimulatedCrash } from "../core/errors";
import type { RelayHooks } from "./relay-options";
import { startConsumer } from "../start-consumer";
import { startRelay } from "../start-relay";
import { assertHistory, waitUntil, writeItemChanges } from "../testing";

describe.each(["sqlite", "postgres", "postgres-v2"] as const)("relay crash recovery (real nats-server, source on %s)", (sourceKind) => {
const pipeline = usePipeline("each", undefined, { source: sourceKind });

async function relay(hooks?: RelayHooks) {
  const started = await startRelay({ db: pipeline.fixture.source, url: pipeline.nats.url, progressFile: pipeline.fixture.relayProgressFile, hooks, maxInFlight: 16, batchSize: 20, ackTimeoutMs: 1000 });
  pipeline.track(started);
  return started;
}

async function consumer() {
  const started = await startConsumer({ db: pipeline.fixture.target, url: pipeline.nats.url, source: "shop", durable: "copies", mapping: pipeline.fixture.mapping, ackWaitMs: 1000 });
  pipeline.track(started);
  return started;
}

async function everythingApplied(): Promise<void> {
  const expected = (await pipeline.fixture.sourceChanges()).length;
  await waitUntil(async () => (await pipeline.fixture.appliedHistory()).length >= expected, `${expected} applied changes`);
}

/** Throws SimulatedCrash on the n-th call (1-based) and never again. */
function crashOnCall<T extends unknown[]>(n: number, point: string, onlyWhen: (...args: T) => boolean = () => true) {
  let calls = 0;
  return (...args: T) => {
    if (onlyWhen(...args) && ++calls === n) throw new SimulatedCrash(point);
  };
}

async function crashThenResume(hooks: RelayHooks): Promise<{ duplicates: number }> {
  await writeItemChanges(pipeline.fixture.source, { count: 200, keys: 20 });
  await consumer();
  const crashing = await relay(hooks);
  await expect(crashing.relay.done()).rejects.toBeInstanceOf(SimulatedCrash);
  await crashing.stop();
  const resumed = await relay();
  await everythingApplied();
  assertHistory(await pipeline.fixture.sourceChanges(), await pipeline.fixture.appliedHistory());
  return { duplicates: (await resumed.relay.status()).duplicates };
}

  it("resumes after a crash right after reading the log, before publishing", async () => {
    await crashThenResume({ afterRead: crashOnCall(1, "after read", (changes) => changes.length > 0) });
  });

  it("resumes after a crash after a publish was stored but before its ack was taken in, and the re-send is deduplicated", async () => {
    const { duplicates } = await crashThenResume({ afterPublish: crashOnCall(30, "after publish, before ack") });
    expect(duplicates).toBeGreaterThan(0);
  });

  it("resumes after a crash after acks arrived but before progress was recorded", async () => {
    const { duplicates } = await crashThenResume({ afterAck: crashOnCall(2, "after ack, before progress") });
    expect(duplicates).toBeGreaterThan(0);
  });

  it("relays a multi-row transaction and later writes made while it runs, each applied once in row order", async () => {
    await consumer();
    const live = await relay();
    await pipeline.fixture.source.transaction(async (tx) => {
      await tx.query(`INSERT INTO "items" ("id", "name", "qty") VALUES (1, 'a', 1), (2, 'b', 1), (3, 'c', 1)`);
      // (multi-row, all in one transaction: on PostgreSQL numbered at commit, consecutively)
      await tx.query(`UPDATE "items" SET "qty" = "qty" + 1`);
      await tx.query(`DELETE FROM "items" WHERE "id" = 2`);
    });
    await writeItemChanges(pipeline.fixture.source, { count: 100, keys: 7, firstId: 10, perTransaction: 10 });
    await everythingApplied();
    assertHistory(await pipeline.fixture.sourceChanges(), await pipeline.fixture.appliedHistory());
    const copies = await pipeline.fixture.target.query(`SELECT "id", "qty" FROM "item_copies" WHERE "id" < 10 ORDER BY "id"`);
    expect(copies).toEqual([
      { id: 1, qty: 2 },
      { id: 3, qty: 2 },
    ]);
    await waitUntil(async () => (await live.relay.status()).backlog === 0, "relay backlog 0");
  });
});
