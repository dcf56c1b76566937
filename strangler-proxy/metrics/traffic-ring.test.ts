import { ProxyMetrics } from "./proxy-metrics";
import { TrafficRing } from "./traffic-ring";

describe("the traffic ring (requests per route and side per time bucket)", () => {
  let now = 0;
  const clock = () => now;

  beforeEach(() => {
    now = Date.parse("2026-03-01T12:00:00.000Z");
  });

  it("counts each side in the current bucket and lists the window oldest first, the current bucket last", () => {
    const ring = new TrafficRing(10_000, 6, clock);
    ring.add("products", "monolith");
    ring.add("products", "monolith");
    ring.add("products", "service");
    now += 10_000;
    ring.add("products", "service");
    expect(ring.seriesOf("products")).toEqual({ monolith: [0, 0, 0, 0, 2, 0], service: [0, 0, 0, 0, 1, 1] });
    expect(ring.window()).toEqual({ bucketMs: 10_000, buckets: 6, from: "2026-03-01T11:59:20.000Z", to: "2026-03-01T12:00:20.000Z" });
  });

  it("forgets buckets older than the window, also when a slot is reused after a quiet spell", () => {
    const ring = new TrafficRing(10_000, 6, clock);
    ring.add("products", "monolith");
    now += 30_000;
    expect(ring.seriesOf("products").monolith).toEqual([0, 0, 1, 0, 0, 0]);
    now += 30_000; // the first bucket has left the window
    expect(ring.seriesOf("products").monolith).toEqual([0, 0, 0, 0, 0, 0]);
    ring.add("products", "service"); // the same slot of the ring, a later time: starts at zero
    expect(ring.seriesOf("products")).toEqual({ monolith: [0, 0, 0, 0, 0, 0], service: [0, 0, 0, 0, 0, 1] });
    now += 10 * 60_000;
    expect(ring.seriesOf("products")).toEqual({ monolith: [0, 0, 0, 0, 0, 0], service: [0, 0, 0, 0, 0, 0] });
  });

  it("keeps routes apart and answers zeros for a route with no request", () => {
    const ring = new TrafficRing(10_000, 3, clock);
    ring.add("a", "service");
    expect(ring.seriesOf("b")).toEqual({ monolith: [0, 0, 0], service: [0, 0, 0] });
    expect(ring.seriesOf("a").service).toEqual([0, 0, 1]);
  });

  it("defaults to 90 buckets of 10 s (the last 15 minutes) and is fed by the proxy's metrics per routed request", () => {
    const metrics = new ProxyMetrics();
    expect([metrics.traffic.bucketMs, metrics.traffic.size]).toEqual([10_000, 90]);
    metrics.record("products", "catalog", "service", 200, 0.01);
    metrics.record("products", "monolith", "monolith", 200, 0.01);
    metrics.record("(default)", "monolith", null, 200, 0.01);
    const series = metrics.traffic.seriesOf("products");
    const sum = (values: number[]) => values.reduce((total, n) => total + n, 0);
    expect([sum(series.monolith), sum(series.service), series.monolith.length]).toEqual([1, 1, 90]);
    expect(metrics.traffic.seriesOf("(default)").monolith.every((n) => n === 0)).toBe(true);
  });
});
