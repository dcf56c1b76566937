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

/** One "source transaction": its rows appended without a pause (the fake log is read between turns only). */
function transaction(log: FakeChangeLog, order: number, lines: number): void {
  log.append("orders", { id: order }, { id: order, lines });
  for (let line = 1; line <= lines; line++) log.append("order_lines", { order, line }, { order, line });
}

const groupsOf = (events: ChangeEvent[]) => {
  const groups = new Map<string, ChangeEvent[]>();
  for (const event of events) groups.set(event.tx!.id, [...(groups.get(event.tx!.id) ?? []), event]);
  return groups;
};

describe("relay: transaction groups cut at the log's head", () => {
  it("publishes what the log holds at one look as one group, with its id and size on every change, and writes nothing into the source", async () => {
    const log = new FakeChangeLog("shop");
    const publisher = new FakePublisher();
    const progress = new MemoryRelayProgress();
    transaction(log, 1, 3);
    start(log, publisher, progress);
    await waitUntil(() => publisher.stored.length === 4, "4 changes published");
    expect(publisher.stored.map((event) => event.tx)).toEqual(Array(4).fill({ id: "shop:tx:0-4", size: 4 }));
    transaction(log, 2, 1);
    transaction(log, 3, 2); // two transactions between two looks: one group of both, whole
    await waitUntil(() => publisher.stored.length === 9, "9 changes published");
    expect([...groupsOf(publisher.stored)].map(([id, group]) => [id, group.map((event) => event.position)])).toEqual([
      ["shop:tx:0-4", [1, 2, 3, 4]],
      ["shop:tx:4-9", [5, 6, 7, 8, 9]],
    ]);
    expect(progress.group).toEqual({ start: 4, end: 9 });
    expect(log.pruneBatches).toEqual([]);
  });

  it("reads a group larger than its batch limit on to its end, and marks every change with the full size", async () => {
    const log = new FakeChangeLog("shop");
    const publisher = new FakePublisher();
    transaction(log, 1, 24);
    transaction(log, 2, 2);
    start(log, publisher, new MemoryRelayProgress(), { batchSize: 7 });
    await waitUntil(() => publisher.stored.length === 28, "all published");
    expect([...groupsOf(publisher.stored).values()].map((group) => [group.length, group[0].tx!.size])).toEqual([[28, 28]]);
  });

  it("cuts a group above maxGroupSize into parts, each a group of its own", async () => {
    const log = new FakeChangeLog("shop");
    const publisher = new FakePublisher();
    transaction(log, 1, 9);
    start(log, publisher, new MemoryRelayProgress(), { maxGroupSize: 4 });
    await waitUntil(() => publisher.stored.length === 10, "all published");
    expect([...groupsOf(publisher.stored)].map(([id, group]) => [id, group.length, group[0].tx!.size])).toEqual([
      ["shop:tx:0-10.1", 4, 4],
      ["shop:tx:0-10.2", 4, 4],
      ["shop:tx:0-10.3", 2, 2],
    ]);
  });

  it("saves progress only at group ends, and a restarted relay publishes the same group again, same id and size", async () => {
    const window = new AckWindow(0);
    window.started(1, false);
    window.started(2, true);
    window.started(3, false);
    window.acked(1);
    expect(window.through()).toBe(0);
    window.acked(2);
    window.acked(3);
    expect(window.through()).toBe(2);

    const log = new FakeChangeLog("shop");
    transaction(log, 1, 2); // 1..3
    transaction(log, 2, 3); // 4..7
    // An earlier relay cut the group (3, 7] and died inside it, progress saved at 3; the source wrote on since.
    const progress = new MemoryRelayProgress(3);
    progress.group = { start: 3, end: 7 };
    transaction(log, 3, 1); // 8..9
    const publisher = new FakePublisher();
    start(log, publisher, progress);
    await waitUntil(() => publisher.stored.length === 6, "the interrupted group, then the next");
    expect(publisher.stored.map((event) => [event.position, event.tx!.id, event.tx!.size])).toEqual([
      [4, "shop:tx:3-7", 4],
      [5, "shop:tx:3-7", 4],
      [6, "shop:tx:3-7", 4],
      [7, "shop:tx:3-7", 4],
      [8, "shop:tx:7-9", 2],
      [9, "shop:tx:7-9", 2],
    ]);
  });

  it("resumes the parts of a large group where its progress stopped, numbering them as before", async () => {
    const log = new FakeChangeLog("shop");
    transaction(log, 1, 9); // 1..10
    const progress = new MemoryRelayProgress(4); // part 1 (1..4) acknowledged before the restart
    progress.group = { start: 0, end: 10 };
    const publisher = new FakePublisher();
    start(log, publisher, progress, { maxGroupSize: 4 });
    await waitUntil(() => publisher.stored.length === 6, "parts 2 and 3");
    expect(publisher.stored.map((event) => [event.position, event.tx!.id, event.tx!.size])).toEqual([
      [5, "shop:tx:0-10.2", 4],
      [6, "shop:tx:0-10.2", 4],
      [7, "shop:tx:0-10.2", 4],
      [8, "shop:tx:0-10.2", 4],
      [9, "shop:tx:0-10.3", 2],
      [10, "shop:tx:0-10.3", 2],
    ]);
  });
});
