import { changeEventId, type ChangeEvent } from "../../contracts";
import { assertHistory, FakeSubscription, MemoryTargetStore, waitUntil } from "../testing";
import { ChangeConsumer } from "./change-consumer";

let consumer: ChangeConsumer | null = null;

afterEach(async () => {
  await consumer?.stop();
  consumer = null;
});

/** A source history: `count` changes over `keys` rows, each pointing at its row's previous change. */
function history(count: number, keys: number): ChangeEvent[] {
  const last = new Map<number, number>();
  return Array.from({ length: count }, (_, index) => {
    const position = index + 1;
    const id = index % keys;
    const event: ChangeEvent = {
      kind: "change",
      id: changeEventId("shop", position),
      source: "shop",
      position,
      previousPosition: last.get(id) ?? null,
      table: "items",
      op: last.has(id) ? "update" : "insert",
      key: { id },
      before: null,
      after: { id, n: index },
      committedAt: new Date().toISOString(),
      origin: "shop",
    };
    last.set(id, position);
    return event;
  });
}

function start(subscription: FakeSubscription, target: MemoryTargetStore) {
  consumer = new ChangeConsumer(subscription, target, { maxAttempts: 3, retryBaseMs: 1, retryMaxMs: 2, waitBaseMs: 1, waitMaxMs: 2, batchSize: 8 });
  consumer.start();
  return consumer;
}

describe("ChangeConsumer (with fakes)", () => {
  it("applies each row's changes in order even when the broker delivers newest first", async () => {
    const events = history(40, 4);
    const subscription = new FakeSubscription();
    subscription.deliverOutOfOrder = true;
    events.forEach((event) => subscription.push(event));
    const target = new MemoryTargetStore();
    const running = start(subscription, target);
    await waitUntil(() => subscription.unacked === 0, "all acked");
    assertHistory(events, target.applied);
    expect((await running.status()).waiting).toBeGreaterThan(0);
  });

  it("counts a change it only records (it came from the target itself) as reached in lastAppliedPosition", async () => {
    const events = history(6, 2).map((event) => (event.position > 3 ? { ...event, origin: "copies" } : event));
    const subscription = new FakeSubscription();
    events.forEach((event) => subscription.push(event));
    const target = new MemoryTargetStore(undefined, "copies");
    const running = start(subscription, target);

    await waitUntil(async () => (await running.status()).lastAppliedPosition === 6, "position 6 reached");

    expect(target.applied.map((event) => event.position)).toEqual([1, 2, 3]);
    expect((await running.status()).applied).toBe(3);
  });

  it("skips a redelivered duplicate instead of applying it twice", async () => {
    const events = history(5, 1);
    const subscription = new FakeSubscription();
    [...events, events[2], events[4]].forEach((event) => subscription.push(event));
    const target = new MemoryTargetStore();
    const running = start(subscription, target);
    await waitUntil(() => subscription.unacked === 0, "all acked");
    assertHistory(events, target.applied);
    expect((await running.status()).skipped).toBe(2);
  });

  it("parks a change after its attempts run out and holds later changes of that row only", async () => {
    const events = history(12, 3);
    const poison = events[4];
    const subscription = new FakeSubscription();
    events.forEach((event) => subscription.push(event));
    const target = new MemoryTargetStore((event) => event.position === poison.position);
    const running = start(subscription, target);
    await waitUntil(() => subscription.unacked === 0, "all acked");
    const parked = await running.listParked();
    const poisonRow = events.filter((event) => event.key.id === poison.key.id && event.position >= poison.position);
    expect(parked.map((change) => change.position)).toEqual(poisonRow.map((event) => event.position));
    expect(parked[0]).toMatchObject({ attempts: 3, reason: expect.stringContaining("mapping refused") });
    expect(target.applied.filter((event) => event.key.id !== poison.key.id)).toHaveLength(events.filter((event) => event.key.id !== poison.key.id).length);

    target.failing = () => false;
    await expect(running.replayParked()).resolves.toEqual({ replayed: poisonRow.length, stillParked: 0 });
    assertHistory(events, target.applied);
  });

  it("acknowledges heartbeats and reports their lag", async () => {
    const subscription = new FakeSubscription();
    subscription.push({ kind: "heartbeat", source: "shop", position: 0, at: new Date(Date.now() - 40).toISOString() });
    const running = start(subscription, new MemoryTargetStore());
    await waitUntil(() => subscription.unacked === 0, "heartbeat acked");
    const status = await running.status();
    expect(status.heartbeatLagMs).toBeGreaterThanOrEqual(40);
    expect(status.backlog).toBe(0);
  });
});

describe("ChangeConsumer when a row's earlier change comes late (a redelivery after a restart)", () => {
  it("holds the row's later changes and applies them the moment it arrives, none sent back to wait again", async () => {
    const events = history(10, 1);
    const subscription = new FakeSubscription();
    events.slice(1).forEach((event) => subscription.push(event));
    const target = new MemoryTargetStore();
    // Long redelivery delays: only holding the waiting changes lets the row catch up without them.
    consumer = new ChangeConsumer(subscription, target, { waitBaseMs: 60_000, waitMaxMs: 60_000, holdWaitingMs: 60_000, batchSize: 4 });
    consumer.start();
    await waitUntil(async () => (await consumer!.status()).waiting >= 9, "the later changes found waiting");

    subscription.push(events[0]);
    await waitUntil(() => subscription.unacked === 0, "the whole row applied");

    assertHistory(events, target.applied);
    expect(events.slice(1).map((_, index) => subscription.deliveriesOf(index + 1))).toEqual(Array(9).fill(1));
  });
});

describe("ChangeConsumer when a predecessor never arrives", () => {
  it("parks the waiting change after maxWaitMs with a reason naming the missing change", async () => {
    const [, second] = history(2, 1);
    const subscription = new FakeSubscription();
    subscription.push(second);
    const target = new MemoryTargetStore();
    consumer = new ChangeConsumer(subscription, target, { waitBaseMs: 1, waitMaxMs: 2, maxWaitMs: 30 });
    consumer.start();
    await waitUntil(() => subscription.unacked === 0, "the waiting change parked and acked");
    expect(await consumer.listParked()).toEqual([expect.objectContaining({ position: 2, reason: expect.stringContaining("previous change shop:1") })]);
    expect(target.applied).toEqual([]);
  });
});
