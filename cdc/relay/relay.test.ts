import type { ChangeEvent, HeartbeatEvent } from "../../contracts";
import type { PublishAck, Publisher } from "../core/ports";
import { FakeChangeLog, FakePublisher, MemoryRelayProgress, waitUntil } from "../testing";
import { AckWindow } from "./ack-window";
import { Relay } from "./relay";
import type { RelayOptions } from "./relay-options";

let relay: Relay | null = null;

afterEach(async () => {
  await relay?.stop();
  relay = null;
});

function writeChanges(log: FakeChangeLog, count: number, keys: number, at = new Date()): void {
  for (let index = 0; index < count; index++) log.append("items", { id: index % keys }, { id: index % keys, n: index }, at);
}

function startRelay(log: FakeChangeLog, publisher: Publisher, progress: MemoryRelayProgress, options: RelayOptions): Relay {
  relay = new Relay(log, publisher, progress, options);
  relay.start();
  return relay;
}

const head = (log: FakeChangeLog) => log.rows[log.rows.length - 1]?.position ?? 0;
const LONG_AGO = new Date(Date.now() - 48 * 3600_000);

/** Holds the acknowledgement of chosen positions until released; everything else as FakePublisher. */
class GatedPublisher implements Publisher {
  readonly inner = new FakePublisher((event) => (event.position * 7919) % 7);
  private readonly gates = new Map<number, { opened: Promise<void>; open: () => void }>();

  hold(position: number): void {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    this.gates.set(position, { opened, open });
  }

  release(position: number): void {
    this.gates.get(position)?.open();
  }

  acked(position: number): boolean {
    return this.inner.stored.some((event) => event.position === position);
  }

  async publish(event: ChangeEvent): Promise<PublishAck> {
    await this.gates.get(event.position)?.opened;
    return this.inner.publish(event);
  }

  mark(event: HeartbeatEvent): Promise<void> {
    return this.inner.mark(event);
  }

  heartbeat(event: HeartbeatEvent): Promise<void> {
    return this.inner.heartbeat(event);
  }

  async close(): Promise<void> {}
}

describe("AckWindow", () => {
  it("advances only over a contiguous run of acknowledged positions, whatever order the acks come in", () => {
    const window = new AckWindow(10);
    for (const position of [11, 12, 14, 15]) window.started(position);
    expect(window.through()).toBe(10);
    window.acked(12);
    window.acked(15);
    expect(window.through()).toBe(10);
    window.acked(11);
    expect(window.through()).toBe(13);
    window.acked(14);
    expect(window.through()).toBe(15);
    window.started(20);
    expect(window.through()).toBe(19);
    window.acked(20);
    expect(window.through()).toBe(20);
    expect(() => window.started(20)).toThrow("positions must grow");
  });
});

describe("Relay (with fakes)", () => {
  it("publishes every change once and saves its progress only after the broker acknowledged them", async () => {
    const log = new FakeChangeLog();
    writeChanges(log, 50, 7);
    const publisher = new FakePublisher();
    const progress = new MemoryRelayProgress(0);
    startRelay(log, publisher, progress, { pollMs: 1 });
    await waitUntil(() => progress.current === 50, "progress through 50");
    expect(publisher.stored.map((event) => event.position).sort((a, b) => a - b)).toEqual(log.rows.map((row) => row.position));
    expect(await relay!.status()).toMatchObject({ publishedThrough: 50, backlog: 0 });
  });

  it("never saves progress past a change the broker has not acknowledged, with acks coming back in any order", async () => {
    const log = new FakeChangeLog();
    writeChanges(log, 60, 60);
    const publisher = new GatedPublisher();
    publisher.hold(5);
    publisher.hold(40);
    const progress = new MemoryRelayProgress(0);
    const violations: string[] = [];
    const save = progress.save.bind(progress);
    progress.save = async (position) => {
      for (let at = 1; at <= position; at++) if (!publisher.acked(at)) violations.push(`saved ${position} while ${at} was not acknowledged`);
      await save(position);
    };
    // Groups of one change (parts of at most 1): progress may stop after any change.
    startRelay(log, publisher, progress, { pollMs: 1, maxInFlight: 256, maxGroupSize: 1 });

    await waitUntil(() => publisher.inner.stored.length === 58, "every change but 5 and 40 acknowledged");
    await waitUntil(() => progress.current === 4, "progress up to the first held change");
    expect((await relay!.status()).publishedThrough).toBe(4);
    publisher.release(5);
    await waitUntil(() => progress.current === 39, "progress up to the second held change");
    publisher.release(40);
    await waitUntil(() => progress.current === 60, "progress through everything");
    expect(violations).toEqual([]);
    expect(progress.saves).toEqual([...progress.saves].sort((a, b) => a - b));
  });

  it("never has two changes of the same row in flight, so slow acks cannot reorder a row", async () => {
    const log = new FakeChangeLog();
    writeChanges(log, 60, 3);
    // Earlier changes ack slower than later ones: pipelining would let a row's newer change overtake.
    const publisher = new FakePublisher((event) => 30 - (event.position % 30));
    const progress = new MemoryRelayProgress(0);
    startRelay(log, publisher, progress, { pollMs: 1, maxInFlight: 64 });
    await waitUntil(() => progress.current === 60, "all published", 10_000);
    expect(publisher.maxInFlightPerRow).toBe(1);
    for (const id of [0, 1, 2]) {
      const positions = publisher.stored.filter((event) => event.key.id === id).map((event) => event.position);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
  });

  it("retries a failed publish with the same id and keeps progress below it until then", async () => {
    const log = new FakeChangeLog();
    log.append("items", { id: 1 });
    const publisher = new FakePublisher();
    publisher.failNext(2);
    const progress = new MemoryRelayProgress(0);
    startRelay(log, publisher, progress, { pollMs: 1, retryBaseMs: 1, retryMaxMs: 2 });
    await waitUntil(() => progress.current === 1, "published after retries");
    expect(publisher.stored.map((event) => event.id)).toEqual(["shop:1"]);
    expect(progress.saves).toEqual([1]);
  });

  it("resumes after the saved position", async () => {
    const log = new FakeChangeLog();
    writeChanges(log, 10, 10);
    const publisher = new FakePublisher();
    const progress = new MemoryRelayProgress(7);
    startRelay(log, publisher, progress, { pollMs: 1 });
    await waitUntil(() => progress.current === 10, "progress through 10");
    expect(publisher.stored.map((event) => event.position)).toEqual([8, 9, 10]);
  });

  it("calls afterAck with the acknowledged positions before it saves the progress they allow", async () => {
    const log = new FakeChangeLog();
    writeChanges(log, 5, 5);
    const progress = new MemoryRelayProgress(0);
    const seen: Array<{ positions: number[]; saved: number | null }> = [];
    startRelay(log, new FakePublisher(), progress, { pollMs: 1, hooks: { afterAck: (positions) => seen.push({ positions: [...positions], saved: progress.current }) } });
    await waitUntil(() => progress.current === 5, "progress through 5");
    expect(seen.flatMap((call) => call.positions).sort()).toEqual([1, 2, 3, 4, 5]);
    for (const call of seen) expect(call.saved ?? 0).toBeLessThan(Math.max(...call.positions));
  });

  it("sends heartbeats while the log is idle", async () => {
    const log = new FakeChangeLog();
    const publisher = new FakePublisher();
    startRelay(log, publisher, new MemoryRelayProgress(0), { pollMs: 1, heartbeatMs: 5 });
    await waitUntil(() => publisher.heartbeats.length >= 2, "two heartbeats");
    expect(publisher.heartbeats[0]).toMatchObject({ kind: "heartbeat", source: "shop", position: 0 });
  });

  it("reports its status with the backlog above published-through", async () => {
    const log = new FakeChangeLog();
    writeChanges(log, 3, 3);
    const progress = new MemoryRelayProgress(0);
    relay = new Relay(log, new FakePublisher(), progress, { pollMs: 1 });
    expect(await relay.status()).toMatchObject({ source: "shop", running: false, backlog: 3, published: 0, publishedThrough: 0 });
    relay.start();
    await waitUntil(() => progress.current === 3, "backlog drained");
    expect(await relay.status()).toMatchObject({ running: true, published: 3, lastAckedPosition: 3, publishedThrough: 3, backlog: 0, oldestUnpublishedAgeMs: null });
  });
});

describe("Relay upgrading from the log's published column", () => {
  it("starts just below the first change the old relay had not marked published, saves that, and never reads the column again", async () => {
    const log = new FakeChangeLog();
    writeChanges(log, 6, 6);
    // The old relay marked out-of-order acks: 1-3 and 5 published, 4 not.
    for (const row of log.rows) row.published = [1, 2, 3, 5].includes(row.position);
    const reads = jest.spyOn(log, "legacyPublishedThrough");
    const publisher = new FakePublisher();
    const progress = new MemoryRelayProgress();
    startRelay(log, publisher, progress, { pollMs: 1 });
    await waitUntil(() => progress.current === 6, "progress through 6");
    expect(progress.saves[0]).toBe(3);
    expect(publisher.stored.map((event) => event.position).sort()).toEqual([4, 5, 6]);
    log.append("items", { id: 9 });
    await waitUntil(() => progress.current === 7, "a later change relayed");
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it("starts at the log's head when every change was marked published, and at 0 on an empty log", async () => {
    const log = new FakeChangeLog();
    writeChanges(log, 4, 4);
    for (const row of log.rows) row.published = true;
    const publisher = new FakePublisher();
    const progress = new MemoryRelayProgress();
    startRelay(log, publisher, progress, { pollMs: 1 });
    await waitUntil(() => progress.current === 4, "progress saved at the head");
    expect(publisher.stored).toEqual([]);
    await relay!.stop();

    const empty = new MemoryRelayProgress();
    startRelay(new FakeChangeLog(), new FakePublisher(), empty, { pollMs: 1 });
    await waitUntil(() => empty.current === 0, "progress saved at 0");
  });
});

describe("Relay pruning the change log", () => {
  it("deletes only changes at or below published-through and older than the retention, in batches of at most 500", async () => {
    const log = new FakeChangeLog();
    writeChanges(log, 1200, 1200, LONG_AGO);
    writeChanges(log, 10, 10);
    const publisher = new GatedPublisher();
    publisher.hold(1100);
    const progress = new MemoryRelayProgress(0);
    startRelay(log, publisher, progress, { pollMs: 1, cleanupEveryMs: 1, pruneWhenIdleMs: 0, retentionMs: 3600_000, maxGroupSize: 1 });

    await waitUntil(() => log.rows[0]?.position === 1100, "old published changes pruned up to the held one", 10_000);
    expect(log.pruneBatches.every((count) => count <= 500)).toBe(true);
    expect(log.pruneBatches.filter((count) => count > 0).length).toBeGreaterThanOrEqual(3);
    publisher.release(1100);
    await waitUntil(() => log.rows[0]?.position === 1201, "the rest pruned once published", 10_000);
    expect(log.rows).toHaveLength(10);
    expect(progress.current).toBe(head(log));
  });

  it("does not write at all while nothing is prunable", async () => {
    const log = new FakeChangeLog();
    writeChanges(log, 20, 5);
    const progress = new MemoryRelayProgress(0);
    const checks = jest.spyOn(log, "prunable");
    startRelay(log, new FakePublisher(), progress, { pollMs: 1, cleanupEveryMs: 1, pruneWhenIdleMs: 0 });
    await waitUntil(() => progress.current === 20 && checks.mock.calls.length >= 5, "published and checked for pruning");
    expect(log.pruneBatches).toEqual([]);
  });

  it("waits while changes keep arriving, and prunes once the source has been idle for pruneWhenIdleMs", async () => {
    const idleMs = 800;
    const log = new FakeChangeLog();
    writeChanges(log, 700, 700, LONG_AGO);
    const progress = new MemoryRelayProgress(0);
    let firstPruneAt = 0;
    startRelay(log, new FakePublisher(), progress, {
      pollMs: 1,
      cleanupEveryMs: 1,
      pruneWhenIdleMs: idleMs,
      retentionMs: 3600_000,
      hooks: { afterPrune: () => (firstPruneAt ||= Date.now()) },
    });
    // A steady trickle of new changes, each one waited for: the gaps stay far below idleMs.
    const started = Date.now();
    let lastWriteAt = 0;
    while (Date.now() - started < idleMs * 3) {
      const change = log.append("items", { id: 9999 }, { id: 9999, at: Date.now() });
      lastWriteAt = Date.now();
      await waitUntil(() => (progress.current ?? 0) >= change.position, "the new change relayed");
    }
    expect(log.pruneBatches).toEqual([]);
    expect(log.rows[0].position).toBe(1);

    await waitUntil(() => log.rows[0].position > 700, "old changes pruned once idle", 10_000);
    expect(firstPruneAt - lastWriteAt).toBeGreaterThanOrEqual(idleMs - 50);
    expect(log.pruneBatches.every((count) => count <= 500)).toBe(true);
    expect(log.pruneBatches.reduce((sum, count) => sum + count, 0)).toBe(700);
  });

  it("prunes while changes keep arriving when more than pruneForceAbove rows wait", async () => {
    const log = new FakeChangeLog();
    writeChanges(log, 1200, 1200, LONG_AGO);
    const progress = new MemoryRelayProgress(0);
    startRelay(log, new FakePublisher(), progress, { pollMs: 1, cleanupEveryMs: 1, pruneWhenIdleMs: 3600_000, pruneForceAbove: 1000, retentionMs: 3600_000 });
    await waitUntil(() => log.rows[0].position > 500, "a forced batch pruned although the source never went idle", 10_000);
    // Below the threshold again, it waits for the idle source: a few more changes relayed, no more batches.
    for (let index = 0; index < 3; index++) {
      const change = log.append("items", { id: 9999 }, { id: 9999, n: index });
      await waitUntil(() => (progress.current ?? 0) >= change.position, "a new change relayed");
    }
    expect(log.pruneBatches.filter((count) => count > 0)).toEqual([500]);
    expect(log.rows[0].position).toBe(501);
  });

  it("by default never prunes while changes keep arriving: it warns that the log grows, with the fix", async () => {
    const log = new FakeChangeLog();
    writeChanges(log, 1200, 1200, LONG_AGO);
    const progress = new MemoryRelayProgress(0);
    const warnings: Array<{ message: string; meta: unknown }> = [];
    const logger = { warn: (message: string, meta: unknown) => warnings.push({ message, meta }), info: () => undefined, debug: () => undefined, error: () => undefined } as unknown as RelayOptions["logger"];
    startRelay(log, new FakePublisher(), progress, { pollMs: 1, cleanupEveryMs: 1, pruneWhenIdleMs: 3600_000, pruneWarnAbove: 1000, retentionMs: 3600_000, logger });
    for (let index = 0; index < 5; index++) {
      const change = log.append("items", { id: 9999 }, { id: 9999, n: index });
      await waitUntil(() => (progress.current ?? 0) >= change.position, "a new change relayed");
    }
    await waitUntil(() => warnings.some((warning) => warning.message.includes("the change log keeps growing")), "the warning");
    expect(log.pruneBatches.filter((count) => count > 0)).toEqual([]);
    expect(log.rows[0].position).toBe(1);
    expect(JSON.stringify(warnings.find((warning) => warning.message.includes("keeps growing"))!.meta)).toContain("STRANGLER_RELAY_PRUNE_FORCE_ABOVE");
  });
});

describe("Relay when its progress store hiccups", () => {
  it("keeps its place and saves the progress once the store accepts writes again", async () => {
    const log = new FakeChangeLog();
    log.append("items", { id: 1 });
    const progress = new MemoryRelayProgress(0);
    progress.failNext(1);
    const publisher = new FakePublisher();
    startRelay(log, publisher, progress, { pollMs: 1, retryBaseMs: 1, retryMaxMs: 2 });
    await waitUntil(() => progress.current === 1, "saved after the refusal");
    expect(publisher.stored).toHaveLength(1);
  });
});
