import { Counter, Gauge, type Registry } from "prom-client";

/** Prometheus metrics of relays, registered in the caller's registry. */
export class RelayMetrics {
  private readonly publishedTotal: Counter<"source">;
  private readonly backlogGauge: Gauge<"source">;

  constructor(registry: Registry) {
    this.publishedTotal = new Counter({ name: "cdc_relay_published_total", help: "Changes published and acknowledged by the broker", labelNames: ["source"], registers: [registry] });
    this.backlogGauge = new Gauge({ name: "cdc_relay_backlog", help: "Changes in the log not yet acknowledged by the broker", labelNames: ["source"], registers: [registry] });
  }

  published(source: string): void {
    this.publishedTotal.inc({ source });
  }

  backlog(source: string, count: number): void {
    this.backlogGauge.set({ source }, count);
  }
}
