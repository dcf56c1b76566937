import type { RequestListener, ServerResponse } from "node:http";
import type { Registry } from "prom-client";
import { bearerToken, REQUEST_ID_HEADER, requestIdFrom, tokenMatches } from "../../platform";

/** Codes of the relay process's metrics listener (docs/errors.md, "Relay process"). */
export const RELAY_ERROR_CODES = Object.freeze({
  metricsUnauthorized: "RELAY_ERR_METRICS_UNAUTHORIZED",
  notFound: "RELAY_ERR_NOT_FOUND",
  internal: "RELAY_ERR_INTERNAL",
} as const);

export const RELAY_METRICS_PATH = "/metrics";

function answerError(res: ServerResponse, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/**
 * The relay process's only HTTP endpoint: `GET /metrics` (Prometheus text of `registry`) for a
 * caller with `Authorization: Bearer <token>`; 401 without it, 404 for anything else, both in the
 * JSON error envelope. A plain Node handler: the relay needs no framework for one route.
 */
export function relayMetricsHandler(registry: Registry, token: string): RequestListener {
  return (req, res) => {
    res.setHeader(REQUEST_ID_HEADER, requestIdFrom(req.headers[REQUEST_ID_HEADER]));
    const path = (req.url ?? "/").split("?")[0];
    if (path !== RELAY_METRICS_PATH || (req.method !== "GET" && req.method !== "HEAD")) {
      answerError(res, 404, RELAY_ERROR_CODES.notFound, `No route for ${req.method} ${path}: the relay serves only GET ${RELAY_METRICS_PATH}`);
      return;
    }
    if (!tokenMatches(bearerToken(req.headers.authorization), [token])) {
      res.setHeader("www-authenticate", 'Bearer realm="metrics"');
      answerError(res, 401, RELAY_ERROR_CODES.metricsUnauthorized, "Send the metrics token as Authorization: Bearer <STRANGLER_METRICS_TOKEN, or STRANGLER_ADMIN_TOKEN when unset>");
      return;
    }
    registry.metrics().then(
      (text) => {
        res.writeHead(200, { "content-type": registry.contentType });
        res.end(req.method === "HEAD" ? undefined : text);
      },
      () => answerError(res, 500, RELAY_ERROR_CODES.internal, "The metrics could not be collected"),
    );
  };
}
