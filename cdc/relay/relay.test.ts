import { FakeChangeLog, FakePublisher, waitUntil } from "../testing";
import { Relay } from "./relay";

let relay: Relay | null = null;

afterEach(async () => {
  await relay?.stop();
  relay = null;
});

function writeChanges(log: FakeChangeLog, count: number, keys: number): void {
  for (let index = 0; index < count; index++) log.append("items", { id: index % keys }, { id: index % keys, n: index });
}

describe("Relay (with fakes)", () => {
  it("publishes every change once and marks it published only after the broker acknowledged it", async () => {
    const log = new FakeChangeLog();
    writeChanges(log, 50, 7);
    const publisher = new FakePublisher();
    relay = new Relay(log, publisher, { pollMs: 1 });
    relay.start();
    await waitUntil(async () => (await log.backlog()).count === 0, "all published");
    expect(publisher.stored.map((event) => event.position).sort((a, b) => a - b)).toEqual(log.rows.map((row) => row.position));
    expect(publisher.stored.every((event) => log.rows.find((row) => row.position === event.position)?.published)).toBe(true);
  });

  it("never has two changes of the same row in flight, so slow acks cannot reorder a row", async () => {
    const log = new FakeChangeLog();
    writeChanges(log, 60, 3);
    // Earlier changes ack slower than later ones: pipelining would let a row's newer change overtake.
    const publisher = new FakePublisher((event) => 30 - (event.position % 30));
    relay = new Relay(log, publisher, { pollMs: 1, maxInFlight: 64 });
    relay.start();
    await waitUntil(async () => (await log.backlog()).count === 0, "all published", 10_000);
    expect(publisher.maxInFlightPerRow).toBe(1);
    for (const id of [0, 1, 2]) {
      const positions = publisher.stored.filter((event) => event.key.id === id).map((event) => event.position);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
  });

  it("retries a failed publish with the same id and leaves the change unpublished until then", async () => {
    const log = new FakeChangeLog();
    log.append("items", { id: 1 });
    const publisher = new FakePublisher();
    publisher.failNext(2);
    relay = new Relay(log, publisher, { pollMs: 1, retryBaseMs: 1, retryMaxMs: 2 });
    relay.start();
    await waitUntil(async () => (await log.backlog()).count === 0, "published after retries");
    expect(publisher.stored.map((event) => event.id)).toEqual(["shop:1"]);
  });

  it("sends heartbeats while the log is idle", async () => {
    const log = new FakeChangeLog();
    const publisher = new FakePublisher();
    relay = new Relay(log, publisher, { pollMs: 1, heartbeatMs: 5 });
    relay.start();
    await waitUntil(() => publisher.heartbeats.length >= 2, "two heartbeats");
    expect(publisher.heartbeats[0]).toMatchObject({ kind: "heartbeat", source: "shop", position: 0 });
  });

  it("deletes published changes past the retention period", async () => {
    const log = new FakeChangeLog();
    log.append("items", { id: 1 }, { id: 1 }, new Date(Date.now() - 60_000));
    const publisher = new FakePublisher();
    relay = new Relay(log, publisher, { pollMs: 1, retentionMs: 1000, cleanupEveryMs: 1 });
    relay.start();
    await waitUntil(() => log.rows.length === 0, "old change deleted");
    expect(publisher.stored).toHaveLength(1);
  });

  it("reports its status with the backlog of the log", async () => {
    const log = new FakeChangeLog();
    writeChanges(log, 3, 3);
    relay = new Relay(log, new FakePublisher(), { pollMs: 1 });
    expect(await relay.status()).toMatchObject({ source: "shop", running: false, backlog: 3, published: 0 });
    relay.start();
    await waitUntil(async () => (await relay!.status()).backlog === 0, "backlog drained");
    expect(await relay.status()).toMatchObject({ running: true, published: 3, lastAckedPosition: 3, oldestUnpublishedAgeMs: null });
  });
});

describe("Relay when the source database hiccups", () => {
  it("keeps the acknowledged positions and records them once the log accepts writes again", async () => {
    const log = new FakeChangeLog();
    log.append("items", { id: 1 });
    let refusals = 1;
    const markPublished = log.markPublished.bind(log);
    log.markPublished = async (positions) => {
      if (refusals-- > 0) throw new Error("database is locked");
      await markPublished(positions);
    };
    const publisher = new FakePublisher();
    relay = new Relay(log, publisher, { pollMs: 1, retryBaseMs: 1, retryMaxMs: 2 });
    relay.start();
    await waitUntil(async () => (await log.backlog()).count === 0, "marked published after the refusal");
    expect(publisher.stored).toHaveLength(1);
  });
});
