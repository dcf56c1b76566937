/**
 * The proxy's metrics, recorded on every request (the record stage, server events, upgrades) and
 * read by the admin API (`GET /metrics`, `GET /routes`, `GET /traffic`).
 */
/** prom-client counters, histogram and gauges of one app instance (own Registry), and per-route counts. */
export { DEFAULT_ROUTE_LABEL, REJECTED_ROUTE_LABEL, ProxyMetrics } from "./proxy-metrics";
export type { RouteCounts } from "./proxy-metrics";
/** Requests per route and side in time buckets (the dashboard's chart, `GET /traffic`). */
export { TrafficRing } from "./traffic-ring";
export type { TrafficSeries, TrafficWindow } from "./traffic-ring";
