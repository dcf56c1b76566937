import { Registry } from "prom-client";
import { testNatsServer, type TestNatsServer } from "../testing";
import { ConsumerMetrics, RelayMetrics } from "./metrics";
import { startConsumer, type RunningConsumer } from "./start-consumer";
import { startRelay, type RunningRelay } from "./start-relay";
import { pipelineFixture, waitUntil, writeItemChanges, type PipelineFixture } from "./testing";

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

describe("lag and backlog (real nats-server, real SQLite)", () => {
  it("reports backlog, commit-to-apply lag and idle heartbeats as status and Prometheus metrics", async () => {
    const registry = new Registry();
    await writeItemChanges(fixture.source, { count: 30, keys: 3 });
    const relay = await startRelay({ db: fixture.source, url: nats.url, heartbeatMs: 100, metrics: new RelayMetrics(registry) });
    running.push(relay);
    const consumer = await startConsumer({ db: fixture.target, url: nats.url, source: "shop", durable: "copies", mapping: fixture.mapping, metrics: new ConsumerMetrics(registry) });
    running.push(consumer);

    await waitUntil(async () => (await consumer.consumer.status()).lastHeartbeatAt !== null, "a heartbeat after the changes");
    const status = await consumer.consumer.status();
    expect(status).toMatchObject({ stream: "CDC_SHOP", applied: 30, backlog: 0, lastAppliedPosition: 30 });
    expect(status.lag.p99Ms).toEqual(expect.any(Number));
    expect(status.heartbeatLagMs).toEqual(expect.any(Number));
    expect(await relay.relay.status()).toMatchObject({ source: "shop", backlog: 0, published: 30, lastAckedPosition: 30 });

    const text = await registry.metrics();
    expect(text).toContain('cdc_commit_to_apply_seconds_count{stream="CDC_SHOP"} 30');
    expect(text).toContain('cdc_relay_published_total{source="shop"} 30');
    expect(text).toMatch(/cdc_heartbeat_lag_seconds\{stream="CDC_SHOP"\} \d/);
  });
});
