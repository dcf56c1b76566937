import { jetstreamManager } from "@nats-io/jetstream";
import { testNatsCluster, type TestNatsCluster } from "../../testing/nats";
import { startConsumer, type RunningConsumer } from "../start-consumer";
import { startRelay, type RunningRelay } from "../start-relay";
import { assertHistory, pipelineFixture, waitUntil, writeItemChanges, type PipelineFixture } from "../testing";
import { connectNats } from "./nats-connection";

/*
 * The change pipeline on a 3-node JetStream cluster (real nats-server processes, real SQLite source
 * and target): a node SIGKILLed under a write load, then all of them. Nothing may be lost or applied
 * twice (history checker, and the target's rows equal the source's), and the pipeline must flow
 * again on its own. Recovery times are measured and printed; only generous bounds are asserted (a
 * busy 2-core machine). Every wait is on a condition.
 */

jest.setTimeout(300_000);

const STREAM = "CDC_SHOP";
/** Writes per tick of the load, and the tick: about 500 changes/s when the machine keeps up. */
const BURST = 25;
const TICK_MS = 50;
/** "Caught up": the consumer is at most this many changes behind the source (about half a second of load). */
const LAG_BOUND = 250;
/** Asserted bounds: generous, the measured numbers are far below (docs/nats-cluster.md). */
const FLOWING_AGAIN_WITHIN_MS = 60_000;
const CAUGHT_UP_WITHIN_MS = 90_000;

let nats: TestNatsCluster;
let fixture: PipelineFixture;
const running: Array<RunningRelay | RunningConsumer> = [];

beforeEach(async () => {
  nats = await testNatsCluster(3);
  fixture = await pipelineFixture();
});

afterEach(async () => {
  try {
    for (const part of running.splice(0).reverse()) await part.stop();
  } finally {
    await fixture?.close();
    await nats?.close();
  }
});

async function startPipeline(): Promise<{ relay: RunningRelay; consumer: RunningConsumer }> {
  // Short PubAck timeout and retry pause: a publish to a dead leader is sent again soon (same id: stored once).
  const relay = await startRelay({ db: fixture.source, url: nats.url, ackTimeoutMs: 1000, retryMaxMs: 1000 });
  running.push(relay);
  const consumer = await startConsumer({ db: fixture.target, url: nats.url, source: "shop", durable: "copies", mapping: fixture.mapping, ackWaitMs: 2000 });
  running.push(consumer);
  return { relay, consumer };
}

/** A steady write load on the source until `stop()`: BURST changes over 25 items every TICK_MS. */
function writeLoad() {
  let writing = true;
  let written = 0;
  const done = (async () => {
    while (writing) {
      const tick = Date.now();
      await writeItemChanges(fixture.source, { count: BURST, keys: 25, perTransaction: 5, label: `w${written}` });
      written += BURST;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, TICK_MS - (Date.now() - tick))));
    }
  })();
  return {
    get written() {
      return written;
    },
    async stop() {
      writing = false;
      await done;
    },
  };
}

const count = async (db: PipelineFixture["source"], sql: string) => Number((await db.query(sql))[0].n);
const sourceCount = () => count(fixture.source, `SELECT COUNT(*) AS n FROM "_strangler_changes"`);
const appliedCount = () => count(fixture.target, `SELECT COUNT(*) AS n FROM "applied_history"`);
const newestSource = () => count(fixture.source, `SELECT COALESCE(MAX("position"), 0) AS n FROM "_strangler_changes"`);
const newestApplied = () => count(fixture.target, `SELECT COALESCE(MAX("position"), 0) AS n FROM "applied_history"`);
/** Changes the source has logged that the target has not applied yet. */
const lag = async () => (await sourceCount()) - (await appliedCount());

async function withJsm<T>(work: (jsm: Awaited<ReturnType<typeof jetstreamManager>>) => Promise<T>): Promise<T> {
  const nc = await connectNats(nats.url, "cluster-test");
  try {
    return await work(await jetstreamManager(nc));
  } finally {
    await nc.close();
  }
}
const streamInfo = () => withJsm((jsm) => jsm.streams.info(STREAM));
const consumerLeader = () => withJsm(async (jsm) => (await jsm.consumers.info(STREAM, "copies")).cluster?.leader);

/** Waits until the load has written `more` changes beyond now. */
async function moreWritten(load: ReturnType<typeof writeLoad>, more: number, what: string): Promise<void> {
  const from = load.written;
  await waitUntil(() => load.written >= from + more, what, 60_000);
}

/** Lets the load stop, waits until every change is applied, then checks the promise: each exactly once, rows equal. */
async function drainAndCheck(load: ReturnType<typeof writeLoad>): Promise<number> {
  await load.stop();
  const expected = await sourceCount();
  await waitUntil(async () => (await appliedCount()) >= expected, `all ${expected} changes applied`, 120_000);
  assertHistory(await fixture.sourceChanges(), await fixture.appliedHistory());
  const copies = await fixture.target.query(`SELECT "id", "name", "qty" FROM "item_copies" ORDER BY "id"`);
  expect(copies).toEqual(await fixture.source.query(`SELECT "id", "name", "qty" FROM "items" ORDER BY "id"`));
  return expected;
}

/** Samples the lag a few times under load: the steady state to compare with. */
async function steadyLag(): Promise<number> {
  let worst = 0;
  for (let sample = 0; sample < 10; sample++) {
    worst = Math.max(worst, await lag());
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return worst;
}

describe("the change pipeline on a 3-node JetStream cluster", () => {
  it("loses and doubles nothing when the stream's leader is SIGKILLed under load, and catches up while it is down", async () => {
    await startPipeline();
    const info = await streamInfo();
    expect(info.config.num_replicas).toBe(3);
    expect(info.cluster?.replicas).toHaveLength(2);

    const load = writeLoad();
    await waitUntil(async () => (await appliedCount()) >= 300, "changes flowing before the kill", 60_000);
    const lagBefore = await steadyLag();

    const leader = nats.node((await streamInfo()).cluster?.leader ?? "");
    const consumerLed = (await consumerLeader()) === leader.name ? "it led the durable consumer too" : `the durable consumer was led by ${await consumerLeader()}`;
    const newestAtKill = await newestSource();
    const killedAt = Date.now();
    await leader.kill9();

    // Flowing again: a change committed after the kill is applied in the target.
    await waitUntil(async () => (await newestApplied()) > newestAtKill, "a change written after the kill applied", FLOWING_AGAIN_WITHIN_MS);
    const flowingAgainMs = Date.now() - killedAt;
    // Caught up: the consumer is back within LAG_BOUND changes of the source, with the node still down.
    await waitUntil(async () => (await lag()) <= LAG_BOUND, `the consumer within ${LAG_BOUND} changes of the source`, CAUGHT_UP_WITHIN_MS);
    const caughtUpMs = Date.now() - killedAt;
    const newLeader = (await streamInfo()).cluster?.leader;
    expect(newLeader).not.toBe(leader.name);

    await moreWritten(load, 300, "writes with the old leader down");
    await leader.restart();
    await nats.cluster.waitReady();
    await moreWritten(load, 300, "writes after the old leader came back");
    const total = await drainAndCheck(load);

    // The restarted node catches up with the stream as a replica again.
    await waitUntil(async () => (await streamInfo()).cluster?.replicas?.every((replica) => replica.current) === true, "every replica current", 60_000);
    console.log(
      `stream leader ${leader.name} SIGKILLed under ~${(1000 * BURST) / TICK_MS}/s (${consumerLed}): flowing again after ${flowingAgainMs} ms, ` +
        `within ${LAG_BOUND} changes of the source after ${caughtUpMs} ms (lag before the kill: up to ${lagBefore} changes; new leader ${newLeader}); ` +
        `${total} changes, 0 lost, 0 duplicated`,
    );
    expect(flowingAgainMs).toBeLessThan(FLOWING_AGAIN_WITHIN_MS);
    expect(caughtUpMs).toBeLessThan(CAUGHT_UP_WITHIN_MS);
  });

  it("resumes with nothing lost or doubled after every node is SIGKILLed under load and the cluster restarts on the same stores", async () => {
    const { relay } = await startPipeline();
    const load = writeLoad();
    await waitUntil(async () => (await appliedCount()) >= 300, "changes flowing before the kill", 60_000);

    const newestAtKill = await newestSource();
    await nats.cluster.kill9();
    await moreWritten(load, 300, "writes while the whole cluster is down");
    expect((await relay.relay.status()).backlog).toBeGreaterThan(0);

    const restartedAt = Date.now();
    await nats.cluster.restart();
    const clusterReadyMs = Date.now() - restartedAt;
    await waitUntil(async () => (await newestApplied()) > newestAtKill, "a change written during the outage applied", FLOWING_AGAIN_WITHIN_MS);
    const flowingAgainMs = Date.now() - restartedAt;
    await waitUntil(async () => (await lag()) <= LAG_BOUND, `the consumer within ${LAG_BOUND} changes of the source`, CAUGHT_UP_WITHIN_MS);
    const caughtUpMs = Date.now() - restartedAt;

    await moreWritten(load, 300, "writes after the restart");
    const total = await drainAndCheck(load);
    expect((await streamInfo()).config.num_replicas).toBe(3);
    console.log(
      `all 3 nodes SIGKILLed under load and restarted on their stores: cluster ready after ${clusterReadyMs} ms, ` +
        `flowing again after ${flowingAgainMs} ms, within ${LAG_BOUND} changes after ${caughtUpMs} ms; ${total} changes, 0 lost, 0 duplicated`,
    );
    expect(flowingAgainMs).toBeLessThan(FLOWING_AGAIN_WITHIN_MS);
    expect(caughtUpMs).toBeLessThan(CAUGHT_UP_WITHIN_MS);
  });
});
