import { HttpError, type FieldIssue } from "../platform";

/** Every code the proxy answers or throws; each has a row in docs/errors.md. */
export const ProxyErrorCode = Object.freeze({
  ambiguousPath: "PROXY_ERR_AMBIGUOUS_PATH",
  pathTooLong: "PROXY_ERR_PATH_TOO_LONG",
  badRequest: "PROXY_ERR_BAD_REQUEST",
  headersTooLarge: "PROXY_ERR_HEADERS_TOO_LARGE",
  requestTimeout: "PROXY_ERR_REQUEST_TIMEOUT",
  unsupported: "PROXY_ERR_UNSUPPORTED",
  upstreamUnavailable: "PROXY_ERR_UPSTREAM_UNAVAILABLE",
  upstreamTimeout: "PROXY_ERR_UPSTREAM_TIMEOUT",
  unauthorized: "PROXY_ERR_UNAUTHORIZED",
  adminTokenRequired: "PROXY_ERR_ADMIN_TOKEN_REQUIRED",
  unknownRoute: "PROXY_ERR_UNKNOWN_ROUTE",
  unknownGroup: "PROXY_ERR_UNKNOWN_GROUP",
  invalidStage: "PROXY_ERR_INVALID_STAGE",
  flagsManagedElsewhere: "PROXY_ERR_FLAGS_MANAGED_ELSEWHERE",
  notReady: "PROXY_ERR_NOT_READY",
  malformedBody: "PROXY_ERR_MALFORMED_BODY",
  notFound: "PROXY_ERR_NOT_FOUND",
  internal: "PROXY_ERR_INTERNAL",
  circuitOpen: "PROXY_ERR_CIRCUIT_OPEN",
  notRetried: "PROXY_ERR_NOT_RETRIED",
  fenced: "PROXY_ERR_FENCED",
  gateRefused: "PROXY_ERR_GATE_REFUSED",
  fenceHeld: "PROXY_ERR_FENCE_HELD",
  writeGroup: "PROXY_ERR_WRITE_GROUP",
  unknownService: "PROXY_ERR_UNKNOWN_SERVICE",
  serviceUnreachable: "PROXY_ERR_SERVICE_UNREACHABLE",
  serviceRefused: "PROXY_ERR_SERVICE_REFUSED",
} as const);

export type ProxyErrorCodeValue = (typeof ProxyErrorCode)[keyof typeof ProxyErrorCode];

/** Base error of the proxy: an HTTP status plus a stable `code` (match on `code`, not the message). */
export class ProxyError extends HttpError {
  constructor(status: number, code: ProxyErrorCodeValue, message: string, fields?: FieldIssue[]) {
    super(status, code, message, fields);
    this.name = "ProxyError";
  }
}

/** Raised at start when the admin API would listen on a non-loopback address without a token. */
export class AdminTokenRequiredError extends Error {
  readonly code = ProxyErrorCode.adminTokenRequired;
  constructor(host: string) {
    super(
      `The admin API would listen on ${host} without a token. Set STRANGLER_ADMIN_TOKEN (e.g. STRANGLER_ADMIN_TOKEN=$(openssl rand -hex 24)) ` +
        `or set ADMIN_HOST=127.0.0.1.`,
    );
    this.name = "AdminTokenRequiredError";
  }
}
