import { Router } from "express";
import type { RouteTable } from "../routing";
import { routeOr404 } from "./admin-lookups";
import type { ProxyMetrics } from "../metrics";

export interface TrafficApiOptions {
  table: RouteTable;
  metrics: ProxyMetrics;
}

/**
 * `GET /traffic` (every route) and `GET /routes/:id/traffic` (one): this instance's requests per
 * route and side (monolith, service) in time buckets over the last 15 minutes, oldest first, the
 * last bucket still filling. Counted in memory from the proxy's start (a restart begins at zero).
 */
export function trafficApi(options: TrafficApiOptions): Router {
  const { table, metrics } = options;
  const router = Router();

  router.get("/traffic", (_req, res) => {
    res.json({ ...metrics.traffic.window(), routes: table.routes.map((route) => ({ routeId: route.id, ...metrics.traffic.seriesOf(route.id) })) });
  });

  router.get("/routes/:id/traffic", (req, res) => {
    const route = routeOr404(table, req.params.id);
    res.json({ ...metrics.traffic.window(), routeId: route.id, ...metrics.traffic.seriesOf(route.id) });
  });

  return router;
}
