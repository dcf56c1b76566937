import { changeEventId, type ChangeEvent } from "../../contracts";
import type { Delivery } from "../core/ports";
import { assertHistory, FakeSubscription, MemoryTargetStore, waitUntil } from "../testing";
import { ChangeConsumer } from "./change-consumer";
import { applyUnits, GroupAssembler } from "./transaction-groups";

/** Changes of `rows` (position, row id, group) in a group each; previousPosition chained per row. */
function grouped(rows: Array<[number, number, string]>): ChangeEvent[] {
  const last = new Map<number, number>();
  const sizes = new Map<string, number>();
  for (const [, , tx] of rows) sizes.set(tx, (sizes.get(tx) ?? 0) + 1);
  return rows.map(([position, id, tx]) => {
    const event: ChangeEvent = {
      kind: "change",
      id: changeEventId("shop", position),
      source: "shop",
      position,
      previousPosition: last.get(id) ?? null,
      table: "items",
      op: "update",
      key: { id },
      before: null,
      after: { id, position },
      committedAt: new Date().toISOString(),
      origin: "shop",
      tx: { id: tx, size: sizes.get(tx)! },
    };
    last.set(id, position);
    return event;
  });
}

const delivery = (event: ChangeEvent): { delivery: Delivery; event: ChangeEvent } => ({
  delivery: { message: event, streamSequence: event.position, deliveryCount: 1, ack: () => undefined, nak: () => undefined },
  event,
});

describe("GroupAssembler", () => {
  it("holds a group until all its changes arrived, in any order and across receives, and keeps singletons apart", () => {
    const [a, b, c, d] = grouped([
      [1, 1, "g1"],
      [2, 2, "g1"],
      [3, 3, "g1"],
      [4, 4, "g2"],
    ]);
    const single = { ...a, position: 9, id: "shop:9", tx: undefined };
    const assembler = new GroupAssembler();
    expect(assembler.add([delivery(c), delivery(single)]).map((unit) => unit.map((item) => item.event.position))).toEqual([[9]]);
    expect(assembler.held).toBe(1);
    expect(assembler.add([delivery(a), delivery(c)])).toEqual([]); // c again: replaces, still two of three
    const complete = assembler.add([delivery(d), delivery(b)]);
    expect(complete.map((unit) => unit.map((item) => item.event.position))).toEqual([[1, 2, 3], [4]]);
    expect(assembler.held).toBe(0);
  });

  it("hands stale incomplete groups out once per interval, and drops what the caller settled", () => {
    const [a] = grouped([
      [1, 1, "g1"],
      [2, 2, "g1"],
    ]);
    const assembler = new GroupAssembler();
    assembler.add([delivery(a)], 0);
    expect(assembler.stale(100, 50)).toEqual([]);
    expect(assembler.stale(100, 100).map((group) => group.id)).toEqual(["g1"]);
    expect(assembler.stale(100, 150)).toEqual([]);
    expect(assembler.drop("g1")).toHaveLength(1);
    expect(assembler.held).toBe(0);
  });

  it("cuts a batch into units: runs of one group, and changes without one", () => {
    const events = grouped([
      [1, 1, "g1"],
      [2, 2, "g1"],
      [3, 3, "g2"],
    ]);
    expect(applyUnits([...events, { ...events[0], position: 4, tx: undefined }]).map((unit) => unit.map((event) => event.position))).toEqual([[1, 2], [3], [4]]);
  });
});

describe("ChangeConsumer with transaction groups (fakes)", () => {
  let consumer: ChangeConsumer | null = null;
  afterEach(async () => {
    await consumer?.stop();
    consumer = null;
  });

  function start(subscription: FakeSubscription, target: MemoryTargetStore, batchSize = 2) {
    consumer = new ChangeConsumer(subscription, target, { maxAttempts: 2, retryBaseMs: 1, retryMaxMs: 2, waitBaseMs: 1, waitMaxMs: 2, batchSize, groupCheckMs: 20 });
    consumer.start();
    return consumer;
  }

  it("applies a group larger than the batch size whole, and groups delivered newest first in order", async () => {
    const events = grouped([
      [1, 1, "g1"],
      [2, 2, "g1"],
      [3, 3, "g1"],
      [4, 4, "g1"],
      [5, 1, "g2"],
      [6, 2, "g2"],
      [7, 5, "g3"],
    ]);
    const subscription = new FakeSubscription();
    subscription.deliverOutOfOrder = true;
    events.forEach((event) => subscription.push(event));
    const target = new MemoryTargetStore();
    start(subscription, target);
    await waitUntil(() => target.applied.length === 7, "7 applied");
    assertHistory(events, target.applied);
    // Each group's changes are contiguous in the apply order (one unit each).
    const order = target.applied.map((event) => event.tx!.id);
    expect(order.filter((id, index) => id !== order[index - 1])).toHaveLength(3);
  });

  it("parks a group whole when one of its changes keeps failing, and holds the rows' later changes behind it", async () => {
    const events = grouped([
      [1, 1, "g1"],
      [2, 2, "g1"],
      [3, 2, "g2"],
      [4, 3, "g3"],
    ]);
    const subscription = new FakeSubscription();
    events.forEach((event) => subscription.push(event));
    const target = new MemoryTargetStore((event) => event.position === 1);
    start(subscription, target, 8);
    await waitUntil(() => target.applied.some((event) => event.position === 4) && target.parked.length === 3, "g3 applied, g1 and g2 parked");
    expect(target.applied.map((event) => event.position)).toEqual([4]);
    expect(target.parked.map((parked) => parked.position).sort()).toEqual([1, 2, 3]);
    target.failing = () => false;
    await consumer!.replayParked();
    expect(target.parked).toEqual([]);
    assertHistory(events, target.applied);
  });

  it("acknowledges part of a group delivered again after the group was applied", async () => {
    const events = grouped([
      [1, 1, "g1"],
      [2, 2, "g1"],
    ]);
    const target = new MemoryTargetStore();
    await target.applyBatch(events);
    const subscription = new FakeSubscription();
    subscription.push(events[1]);
    const running = start(subscription, target);
    await waitUntil(async () => (await running.status()).skipped === 1, "the redelivered part acknowledged");
    expect(target.applied).toHaveLength(2);
  });
});
