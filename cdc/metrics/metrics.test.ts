import { Registry } from "prom-client";
import { ConsumerMetrics } from "./consumer-metrics";
import { RelayMetrics } from "./relay-metrics";

describe("cdc metrics in one registry", () => {
  it("share their families per registry, so one process can hold both directions and a relay", async () => {
    const registry = new Registry();
    const metrics = new ConsumerMetrics(registry);
    const forward = metrics.forConsumer("catalog-from-monolith");
    const reverse = new ConsumerMetrics(registry).forConsumer("monolith-from-catalog");
    const relay = new RelayMetrics(registry);
    new RelayMetrics(registry).published("catalog");

    forward.applied("CDC_MONOLITH", 30);
    forward.applied("CDC_MONOLITH", 3000);
    reverse.applied("CDC_CATALOG", 12);
    reverse.parked("CDC_CATALOG", 2);
    relay.published("catalog");
    relay.backlog("catalog", 4);

    const text = await registry.metrics();
    expect(text).toContain('cdc_commit_to_apply_seconds_count{stream="CDC_MONOLITH",consumer="catalog-from-monolith"} 2');
    expect(text).toContain('cdc_commit_to_apply_seconds_bucket{le="0.05",stream="CDC_MONOLITH",consumer="catalog-from-monolith"} 1');
    expect(text).toContain('cdc_consumer_applied_total{stream="CDC_CATALOG",consumer="monolith-from-catalog"} 1');
    expect(text).toContain('cdc_parked_changes{stream="CDC_CATALOG",consumer="monolith-from-catalog"} 2');
    expect(text).toContain('cdc_relay_published_total{source="catalog",stream="CDC_CATALOG"} 2');
    expect(text).toContain('cdc_relay_backlog{source="catalog",stream="CDC_CATALOG"} 4');
    expect(text.match(/^# TYPE cdc_commit_to_apply_seconds histogram$/gm)).toHaveLength(1);
  });

  it("label by stream only when not bound to a consumer", async () => {
    const registry = new Registry();
    new ConsumerMetrics(registry).heartbeat("CDC_SHOP", 250);
    expect(await registry.metrics()).toContain('cdc_heartbeat_lag_seconds{stream="CDC_SHOP"} 0.25');
  });

  it("keep separate registries apart", async () => {
    const one = new Registry();
    const two = new Registry();
    new ConsumerMetrics(one).forConsumer("a").applied("CDC_X", 1);
    new ConsumerMetrics(two);
    expect(await two.metrics()).not.toContain('consumer="a"');
  });
});
