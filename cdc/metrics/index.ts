/** Prometheus metrics of relays and consumers (prom-client, registry given by the caller). */
export { RelayMetrics } from "./relay-metrics";
export { ConsumerMetrics } from "./consumer-metrics";
export { LagWindow } from "./lag-window";
