import { usePipeline } from "../../testing";
import { startConsumer } from "../start-consumer";
import { startRelay } from "../start-relay";
import { assertHistory, waitUntil, writeItemChanges } from "../testing";

const pipeline = usePipeline("all");

describe("broker outage (real nats-server, real SQLite)", () => {
  it("loses and duplicates nothing when nats-server is killed with -9 under load and restarted on the same store", async () => {
    const relay = await startRelay({ db: pipeline.fixture.source, url: pipeline.nats.url, ackTimeoutMs: 500, retryMaxMs: 500 });
    pipeline.track(relay);
    pipeline.track(await startConsumer({ db: pipeline.fixture.target, url: pipeline.nats.url, source: "shop", durable: "copies", mapping: pipeline.fixture.mapping, ackWaitMs: 1000 }));

    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await writeItemChanges(pipeline.fixture.source, { count: 20, keys: 25, perTransaction: 5, label: `w${written}` });
        written += 20;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();

    await waitUntil(async () => (await pipeline.fixture.appliedHistory()).length >= 200, "changes flowing before the kill");
    await pipeline.nats.kill9();
    const writtenDuringOutage = written;
    await waitUntil(() => written >= writtenDuringOutage + 200, "writes continuing while the broker is down");
    expect((await relay.relay.status()).backlog).toBeGreaterThan(0);
    await pipeline.nats.restart();
    await waitUntil(() => written >= writtenDuringOutage + 400, "writes after the restart");
    writing = false;
    await writer;

    const expected = (await pipeline.fixture.sourceChanges()).length;
    await waitUntil(async () => (await pipeline.fixture.appliedHistory()).length >= expected, `all ${expected} changes applied`, 30_000);
    assertHistory(await pipeline.fixture.sourceChanges(), await pipeline.fixture.appliedHistory());
  });
});
