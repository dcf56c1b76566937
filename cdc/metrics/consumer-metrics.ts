import { Counter, Gauge, Histogram, type Registry } from "prom-client";

/** Prometheus metrics of consumers, registered in the caller's registry. */
export class ConsumerMetrics {
  private readonly lag: Histogram<"stream">;
  private readonly appliedTotal: Counter<"stream">;
  private readonly backlogGauge: Gauge<"stream">;
  private readonly parkedGauge: Gauge<"stream">;
  private readonly heartbeatAge: Gauge<"stream">;

  constructor(registry: Registry) {
    this.lag = new Histogram({
      name: "cdc_commit_to_apply_seconds",
      help: "Time from the commit of a change in the source to its apply in the target",
      labelNames: ["stream"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60],
      registers: [registry],
    });
    this.appliedTotal = new Counter({ name: "cdc_consumer_applied_total", help: "Changes applied to the target", labelNames: ["stream"], registers: [registry] });
    this.backlogGauge = new Gauge({ name: "cdc_consumer_backlog", help: "Messages of the stream not yet acknowledged by this consumer", labelNames: ["stream"], registers: [registry] });
    this.parkedGauge = new Gauge({ name: "cdc_parked_changes", help: "Changes parked after failing repeatedly (or held behind one)", labelNames: ["stream"], registers: [registry] });
    this.heartbeatAge = new Gauge({ name: "cdc_heartbeat_lag_seconds", help: "Age of the last relay heartbeat when it was received", labelNames: ["stream"], registers: [registry] });
  }

  applied(stream: string, lagMs: number): void {
    this.appliedTotal.inc({ stream });
    this.lag.observe({ stream }, lagMs / 1000);
  }

  backlog(stream: string, count: number): void {
    this.backlogGauge.set({ stream }, count);
  }

  parked(stream: string, count: number): void {
    this.parkedGauge.set({ stream }, count);
  }

  heartbeat(stream: string, lagMs: number): void {
    this.heartbeatAge.set({ stream }, lagMs / 1000);
  }
}
