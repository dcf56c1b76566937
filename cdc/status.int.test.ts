import { Registry } from "prom-client";
import { usePipeline } from "../testing";
import { ConsumerMetrics, RelayMetrics } from "./metrics";
import { startConsumer } from "./start-consumer";
import { startRelay } from "./start-relay";
import { waitUntil, writeItemChanges } from "./testing";

const pipeline = usePipeline("all");

describe("lag and backlog (real nats-server, real SQLite)", () => {
  it("reports backlog, commit-to-apply lag and idle heartbeats as status and Prometheus metrics", async () => {
    const registry = new Registry();
    await writeItemChanges(pipeline.fixture.source, { count: 30, keys: 3 });
    const relay = await startRelay({ db: pipeline.fixture.source, url: pipeline.nats.url, heartbeatMs: 100, metrics: new RelayMetrics(registry) });
    pipeline.track(relay);
    const consumer = await startConsumer({ db: pipeline.fixture.target, url: pipeline.nats.url, source: "shop", durable: "copies", mapping: pipeline.fixture.mapping, metrics: new ConsumerMetrics(registry) });
    pipeline.track(consumer);

    // The idle heartbeat comes outside the stream, the position mark covering all 30 inside it: wait for both.
    await waitUntil(async () => {
      const seen = await consumer.consumer.status();
      return seen.lastHeartbeatAt !== null && seen.appliedThroughPosition === 30;
    }, "a heartbeat and the position mark after the changes");
    const status = await consumer.consumer.status();
    expect(status).toMatchObject({ stream: "CDC_SHOP", applied: 30, backlog: 0, lastAppliedPosition: 30 });
    expect(status.lag.p99Ms).toEqual(expect.any(Number));
    expect(status.heartbeatLagMs).toEqual(expect.any(Number));
    expect(await relay.relay.status()).toMatchObject({ source: "shop", backlog: 0, published: 30, lastAckedPosition: 30 });

    const text = await registry.metrics();
    expect(text).toContain('cdc_commit_to_apply_seconds_count{stream="CDC_SHOP",consumer="copies"} 30');
    expect(text).toContain('cdc_consumer_applied_total{stream="CDC_SHOP",consumer="copies"} 30');
    expect(text).toContain('cdc_parked_changes{stream="CDC_SHOP",consumer="copies"} 0');
    expect(text).toContain('cdc_relay_published_total{source="shop",stream="CDC_SHOP"} 30');
    expect(text).toMatch(/cdc_heartbeat_lag_seconds\{stream="CDC_SHOP",consumer="copies"\} \d/);
  });
});
