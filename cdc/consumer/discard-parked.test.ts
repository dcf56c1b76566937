import { changeEventId, type ChangeEvent } from "../../contracts";
import { FakeSubscription, MemoryTargetStore, waitUntil } from "../testing";
import { ChangeConsumer } from "./change-consumer";

let consumer: ChangeConsumer | null = null;

afterEach(async () => {
  await consumer?.stop();
  consumer = null;
});

const change = (position: number, previous: number | null, id: number): ChangeEvent => ({
  kind: "change",
  id: changeEventId("shop", position),
  source: "shop",
  position,
  previousPosition: previous,
  table: "items",
  op: previous === null ? "insert" : "update",
  key: { id },
  before: null,
  after: { id, n: position },
  committedAt: new Date().toISOString(),
  origin: "shop",
});

describe("ChangeConsumer.discardParked (with fakes)", () => {
  it("drops the row's parked changes for good and the row's next change applies instead of waiting for them", async () => {
    const subscription = new FakeSubscription();
    const target = new MemoryTargetStore((event) => event.position === 2);
    consumer = new ChangeConsumer(subscription, target, { maxAttempts: 2, retryBaseMs: 1, retryMaxMs: 2, waitBaseMs: 1, waitMaxMs: 2, maxWaitMs: 60_000 });
    consumer.start();
    [change(1, null, 1), change(2, 1, 1), change(3, 2, 1), change(4, null, 2)].forEach((event) => subscription.push(event));
    await waitUntil(() => subscription.unacked === 0, "all acked");
    expect((await consumer.listParked()).map((parked) => parked.position)).toEqual([2, 3]);

    await expect(consumer.discardParked({ key: '{"id":1}' }, { reason: "never applies", actor: "ops" })).resolves.toEqual({ discarded: 2, stillParked: 0 });
    expect(target.discarded.map((discarded) => [discarded.position, discarded.discardReason, discarded.actor])).toEqual([
      [2, "never applies", "ops"],
      [3, "never applies", "ops"],
    ]);
    expect((await consumer.status()).parked).toBe(0);

    // Its predecessor (3) was discarded: it applies at once, neither waiting (maxWaitMs is a minute) nor parked.
    subscription.push(change(5, 3, 1));
    await waitUntil(() => subscription.unacked === 0, "the next change acked");
    expect(target.applied.map((event) => event.position)).toEqual([1, 4, 5]);
    expect(await consumer.listParked()).toEqual([]);
  });
});
