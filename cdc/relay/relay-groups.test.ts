import type { ChangeEvent } from "../../contracts";
import { FakeChangeLog, FakePublisher, MemoryRelayProgress, waitUntil } from "../testing";
import { AckWindow } from "./ack-window";
import { Relay } from "./relay";
import type { RelayOptions } from "./relay-options";

let relay: Relay | null = null;
afterEach(async () => {
  await relay?.stop();
  relay = null;
});

function start(log: FakeChangeLog, publisher: FakePublisher, progress = new MemoryRelayProgress(), options: RelayOptions = {}): Relay {
  relay = new Relay(log, publisher, progress, { pollMs: 5, ...options });
  relay.start();
  return relay;
}

/** One "source transaction": `rows` appends under the clock's current value. */
function transaction(log: FakeChangeLog, order: number, lines: number): void {
  log.append("orders", { id: order }, { id: order, lines });
  for (let line = 1; line <= lines; line++) log.append("order_lines", { order, line }, { order, line });
}

const groupsOf = (events: ChangeEvent[]) => {
  const groups = new Map<string, ChangeEvent[]>();
  for (const event of events) groups.set(event.tx?.id ?? event.id, [...(groups.get(event.tx?.id ?? event.id) ?? []), event]);
  return groups;
};

describe("relay: transaction groups", () => {
  it("ticks the clock once it sees an open group, then publishes the whole group with its id and size on every change", async () => {
    const log = new FakeChangeLog("shop", { groups: true });
    const publisher = new FakePublisher();
    transaction(log, 1, 3);
    start(log, publisher);
    await waitUntil(() => publisher.stored.length === 4, "4 changes published");
    expect(log.clock).toBe(2);
    expect(publisher.stored.map((event) => event.tx)).toEqual(Array(4).fill({ id: "shop:tx:1", size: 4 }));
    // Idle: no further tick.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(log.clock).toBe(2);
    transaction(log, 2, 1);
    transaction(log, 3, 2); // two transactions between two ticks: one group
    await waitUntil(() => publisher.stored.length === 9, "9 changes published");
    const groups = groupsOf(publisher.stored);
    expect([...groups.values()].map((group) => group.map((event) => event.tx!.size))).toEqual([[4, 4, 4, 4], [5, 5, 5, 5, 5]]);
  });

  it("publishes nothing of an open group while the source is busy, and the whole group once the tick succeeds", async () => {
    const log = new FakeChangeLog("shop", { groups: true });
    const publisher = new FakePublisher();
    log.busyTicks = 3;
    transaction(log, 1, 2);
    start(log, publisher);
    await waitUntil(() => log.busyTicks === 0, "busy ticks tried");
    await waitUntil(() => publisher.stored.length === 3, "group published");
    expect(publisher.stored.every((event) => event.tx?.size === 3)).toBe(true);
  });

  it("reads a group larger than its batch limit whole, and marks every change with the full size", async () => {
    const log = new FakeChangeLog("shop", { groups: true });
    const publisher = new FakePublisher();
    transaction(log, 1, 24);
    transaction(log, 2, 2);
    log.clock += 1;
    transaction(log, 3, 1);
    start(log, publisher, new MemoryRelayProgress(), { batchSize: 7 });
    await waitUntil(() => publisher.stored.length === 30, "all published");
    const sizes = [...groupsOf(publisher.stored).values()].map((group) => [group.length, group[0].tx!.size]);
    expect(sizes).toEqual([
      [28, 28],
      [2, 2],
    ]);
  });

  it("cuts a group above maxGroupSize into parts, each a group of its own", async () => {
    const log = new FakeChangeLog("shop", { groups: true });
    const publisher = new FakePublisher();
    transaction(log, 1, 9);
    start(log, publisher, new MemoryRelayProgress(), { maxGroupSize: 4 });
    await waitUntil(() => publisher.stored.length === 10, "all published");
    expect([...groupsOf(publisher.stored)].map(([id, group]) => [id, group.length, group[0].tx!.size])).toEqual([
      ["shop:tx:1.1", 4, 4],
      ["shop:tx:1.2", 4, 4],
      ["shop:tx:1.3", 2, 2],
    ]);
  });

  it("saves progress only at group ends, and resumes at the start of a group its saved progress is inside", async () => {
    const window = new AckWindow(0);
    window.started(1, false);
    window.started(2, true);
    window.started(3, false);
    window.acked(1);
    expect(window.through()).toBe(0);
    window.acked(2);
    window.acked(3);
    expect(window.through()).toBe(2);

    const log = new FakeChangeLog("shop", { groups: true });
    transaction(log, 1, 2);
    log.clock += 1;
    transaction(log, 2, 3);
    log.clock += 1;
    const publisher = new FakePublisher();
    // Progress saved by an older relay in the middle of the second group (positions 4..7).
    start(log, publisher, new MemoryRelayProgress(5));
    await waitUntil(() => publisher.stored.length === 4, "second group published whole");
    expect(publisher.stored.map((event) => [event.position, event.tx!.size])).toEqual([
      [4, 4],
      [5, 4],
      [6, 4],
      [7, 4],
    ]);
  });

  it("publishes changes of a log without groups as before (no tx)", async () => {
    const log = new FakeChangeLog("shop");
    const publisher = new FakePublisher();
    transaction(log, 1, 2);
    start(log, publisher);
    await waitUntil(() => publisher.stored.length === 3, "published");
    expect(publisher.stored.some((event) => "tx" in event)).toBe(false);
  });
});
