import { Counter, Gauge, type Registry } from "prom-client";
import { streamName } from "../core/naming";

type RelayLabel = "source" | "stream";

interface RelayFamilies {
  publishedTotal: Counter<RelayLabel>;
  backlog: Gauge<RelayLabel>;
}

// One set of families per registry: every relay of a process shares them, told apart by labels.
const familiesByRegistry = new WeakMap<Registry, RelayFamilies>();

function familiesOf(registry: Registry): RelayFamilies {
  let families = familiesByRegistry.get(registry);
  if (families) return families;
  const labelNames: RelayLabel[] = ["source", "stream"];
  families = {
    publishedTotal: new Counter({ name: "cdc_relay_published_total", help: "Changes published and acknowledged by the broker", labelNames, registers: [registry] }),
    backlog: new Gauge({ name: "cdc_relay_backlog", help: "Changes in the log not yet acknowledged by the broker", labelNames, registers: [registry] }),
  };
  familiesByRegistry.set(registry, families);
  return families;
}

/**
 * Prometheus metrics of relays, registered in the caller's registry (once per registry: several
 * instances on one registry share the families). Labels: `source` (the source database) and
 * `stream` (where its changes go, e.g. `CDC_CATALOG`).
 */
export class RelayMetrics {
  private readonly families: RelayFamilies;

  constructor(registry: Registry) {
    this.families = familiesOf(registry);
  }

  published(source: string): void {
    this.families.publishedTotal.inc({ source, stream: streamName(source) });
  }

  backlog(source: string, count: number): void {
    this.families.backlog.set({ source, stream: streamName(source) }, count);
  }
}
