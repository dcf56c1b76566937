import { Counter, Gauge, Histogram, type Registry } from "prom-client";

type ConsumerLabel = "stream" | "consumer";

interface ConsumerFamilies {
  lag: Histogram<ConsumerLabel>;
  appliedTotal: Counter<ConsumerLabel>;
  backlog: Gauge<ConsumerLabel>;
  parked: Gauge<ConsumerLabel>;
  heartbeatAge: Gauge<ConsumerLabel>;
}

// One set of families per registry: every consumer of a process shares them, told apart by labels.
const familiesByRegistry = new WeakMap<Registry, ConsumerFamilies>();

function familiesOf(registry: Registry): ConsumerFamilies {
  let families = familiesByRegistry.get(registry);
  if (families) return families;
  const labelNames: ConsumerLabel[] = ["stream", "consumer"];
  families = {
    lag: new Histogram({
      name: "cdc_commit_to_apply_seconds",
      help: "Time from the commit of a change in the source to its apply in the target",
      labelNames,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60],
      registers: [registry],
    }),
    appliedTotal: new Counter({ name: "cdc_consumer_applied_total", help: "Changes applied to the target", labelNames, registers: [registry] }),
    backlog: new Gauge({ name: "cdc_consumer_backlog", help: "Messages of the stream not yet acknowledged by this consumer", labelNames, registers: [registry] }),
    parked: new Gauge({ name: "cdc_parked_changes", help: "Changes parked after failing repeatedly (or held behind one)", labelNames, registers: [registry] }),
    heartbeatAge: new Gauge({ name: "cdc_heartbeat_lag_seconds", help: "Age of the last relay heartbeat when it was received", labelNames, registers: [registry] }),
  };
  familiesByRegistry.set(registry, families);
  return families;
}

/**
 * Prometheus metrics of consumers, registered in the caller's registry (once per registry: several
 * instances on one registry share the families). Labels: `stream` (the source's stream, e.g.
 * `CDC_MONOLITH`) and, once bound with `forConsumer` (startConsumer does it), `consumer` — the
 * durable name, which says the direction (`catalog-from-monolith`, `monolith-from-catalog`).
 */
export class ConsumerMetrics {
  private readonly families: ConsumerFamilies;

  constructor(
    private readonly registry: Registry,
    /** The durable consumer these samples belong to (label `consumer`); none when unbound. */
    readonly consumer?: string,
  ) {
    this.families = familiesOf(registry);
  }

  /** The same metrics, labelled with the durable consumer `durable`. */
  forConsumer(durable: string): ConsumerMetrics {
    return new ConsumerMetrics(this.registry, durable);
  }

  applied(stream: string, lagMs: number): void {
    const labels = this.labels(stream);
    this.families.appliedTotal.inc(labels);
    this.families.lag.observe(labels, lagMs / 1000);
  }

  backlog(stream: string, count: number): void {
    this.families.backlog.set(this.labels(stream), count);
  }

  parked(stream: string, count: number): void {
    this.families.parked.set(this.labels(stream), count);
  }

  heartbeat(stream: string, lagMs: number): void {
    this.families.heartbeatAge.set(this.labels(stream), lagMs / 1000);
  }

  private labels(stream: string): Partial<Record<ConsumerLabel, string>> {
    return this.consumer === undefined ? { stream } : { stream, consumer: this.consumer };
  }
}
