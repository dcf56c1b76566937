import type { RequestListener, ServerResponse } from "node:http";
import type { Registry } from "prom-client";
import { SYNC_HEAD_PATH, type SyncHead } from "../../contracts";
import { bearerToken, REQUEST_ID_HEADER, requestIdFrom, tokenMatches } from "../../platform";

/** Codes of the relay process's metrics listener (docs/errors.md, "Relay process"). */
export const RELAY_ERROR_CODES = Object.freeze({
  metricsUnauthorized: "RELAY_ERR_METRICS_UNAUTHORIZED",
  notFound: "RELAY_ERR_NOT_FOUND",
  internal: "RELAY_ERR_INTERNAL",
  headUnavailable: "RELAY_ERR_HEAD_UNAVAILABLE",
} as const);

export const RELAY_METRICS_PATH = "/metrics";

function answerError(res: ServerResponse, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/** The change log's head now (the relay's source), for `GET /internal/sync/head`. */
export type HeadSource = () => Promise<SyncHead>;

/**
 * The relay process's HTTP endpoints: `GET /metrics` (Prometheus text of `registry`) for a caller
 * with `Authorization: Bearer <token>`, 401 without it; `GET /internal/sync/head` (the source log's
 * head position, no token: the proxy's read-your-writes reads it after each write,
 * docs/read-your-writes.md); 404 for anything else, all errors in the JSON envelope. A plain Node
 * handler: the relay needs no framework for two routes.
 */
export function relayMetricsHandler(registry: Registry, token: string, head?: HeadSource): RequestListener {
  return (req, res) => {
    res.setHeader(REQUEST_ID_HEADER, requestIdFrom(req.headers[REQUEST_ID_HEADER]));
    const path = (req.url ?? "/").split("?")[0];
    if (head && path === SYNC_HEAD_PATH && req.method === "GET") {
      head().then(
        (answer) => {
          const body = JSON.stringify(answer);
          res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body), "cache-control": "no-store" });
          res.end(body);
        },
        () => answerError(res, 503, RELAY_ERROR_CODES.headUnavailable, "The change log's head cannot be read now (the source database is unavailable); try again"),
      );
      return;
    }
    if (path !== RELAY_METRICS_PATH || (req.method !== "GET" && req.method !== "HEAD")) {
      answerError(res, 404, RELAY_ERROR_CODES.notFound, `No route for ${req.method} ${path}: the relay serves only GET ${RELAY_METRICS_PATH}${head ? ` and GET ${SYNC_HEAD_PATH}` : ""}`);
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
