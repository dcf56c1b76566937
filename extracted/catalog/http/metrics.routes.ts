import { Router } from "express";
import type { Registry } from "prom-client";
import { bearerToken, tokenMatches } from "../../../platform";
import { CATALOG_ERROR_CODES, CatalogError } from "../errors";

export const METRICS_PATH = "/metrics";

/**
 * `GET /metrics`: the process's Prometheus registry as text — both consumers' `cdc_*` metrics, the
 * catalog relay's, and Node's process metrics — for a caller with `Authorization: Bearer <token>`
 * (STRANGLER_METRICS_TOKEN, else STRANGLER_ADMIN_TOKEN). 401 without it; 503 while no token is set.
 */
export function metricsRoutes(registry: Registry, token: string | null): Router {
  const router = Router();
  router.get(METRICS_PATH, async (req, res) => {
    if (token === null) {
      throw new CatalogError(503, CATALOG_ERROR_CODES.metricsOff, "No metrics token is set: start the catalog with STRANGLER_METRICS_TOKEN (or STRANGLER_ADMIN_TOKEN)");
    }
    if (!tokenMatches(bearerToken(req.headers.authorization), [token])) {
      res.setHeader("www-authenticate", 'Bearer realm="metrics"');
      throw new CatalogError(401, CATALOG_ERROR_CODES.metricsUnauthorized, "Send the metrics token as Authorization: Bearer <STRANGLER_METRICS_TOKEN, or STRANGLER_ADMIN_TOKEN when unset>");
    }
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}
