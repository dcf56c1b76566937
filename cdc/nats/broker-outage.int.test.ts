import { testNatsServer, type TestNatsServer } from "../../testing";
import { startConsumer, type RunningConsumer } from "../start-consumer";
import { startRelay, type RunningRelay } from "../start-relay";
import { assertHistory, pipelineFixture, waitUntil, writeItemChanges, type PipelineFixture } from "../testing";

let nats: TestNatsServer;
let fixture: PipelineFixture;
const running: Array<RunningRelay | RunningConsumer> = [];

beforeAll(async () => {
  nats = await testNatsServer();
  fixture = await pipelineFixture();
});

afterAll(async () => {
  try {
    for (const part of running.splice(0)) await part.stop();
  } finally {
    await fixture?.close();
    await nats?.close();
  }
});

describe("broker outage (real nats-server, real SQLite)", () => {
  it("loses and duplicates nothing when nats-server is killed with -9 under load and restarted on the same store", async () => {
    const relay = await startRelay({ db: fixture.source, url: nats.url, ackTimeoutMs: 500, retryMaxMs: 500 });
    running.push(relay);
    running.push(await startConsumer({ db: fixture.target, url: nats.url, source: "shop", durable: "copies", mapping: fixture.mapping, ackWaitMs: 1000 }));

    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await writeItemChanges(fixture.source, { count: 20, keys: 25, perTransaction: 5, label: `w${written}` });
        written += 20;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();

    await waitUntil(async () => (await fixture.appliedHistory()).length >= 200, "changes flowing before the kill");
    await nats.kill9();
    const writtenDuringOutage = written;
    await waitUntil(() => written >= writtenDuringOutage + 200, "writes continuing while the broker is down");
    expect((await relay.relay.status()).backlog).toBeGreaterThan(0);
    await nats.restart();
    await waitUntil(() => written >= writtenDuringOutage + 400, "writes after the restart");
    writing = false;
    await writer;

    const expected = (await fixture.sourceChanges()).length;
    await waitUntil(async () => (await fixture.appliedHistory()).length >= expected, `all ${expected} changes applied`, 30_000);
    assertHistory(await fixture.sourceChanges(), await fixture.appliedHistory());
  });
});
