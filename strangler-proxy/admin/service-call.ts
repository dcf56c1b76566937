import { callJson, JsonCallFailed, type JsonAnswer } from "../../platform";
import type { UpstreamConfig } from "../config/schema";
import { ProxyError, ProxyErrorCode } from "../errors";

/** A service that consumes change streams: an upstream of the route table with a `syncStatusPath`. */
export interface SyncService {
  service: string;
  /** Base URL without a trailing slash. */
  url: string;
  syncStatusPath: string;
}

/** The upstreams that declare a `syncStatusPath`, in route-table order. */
export function syncServices(upstreams: readonly UpstreamConfig[]): SyncService[] {
  return upstreams
    .filter((upstream) => upstream.syncStatusPath)
    .map((upstream) => ({ service: upstream.name, url: upstream.url.replace(/\/+$/, ""), syncStatusPath: upstream.syncStatusPath! }));
}

/** The service of that name, or 404 `PROXY_ERR_UNKNOWN_SERVICE` listing the services with sync. */
export function serviceOr404(services: readonly SyncService[], name: string): SyncService {
  const found = services.find((service) => service.service === name);
  if (found) return found;
  throw new ProxyError(
    404,
    ProxyErrorCode.unknownService,
    `No service "${name}" with a syncStatusPath in the route table. Services with sync: ${services.map((service) => service.service).join(", ") || "(none)"}`,
  );
}

export interface ServiceCall {
  method: "GET" | "POST";
  /** Path (and query) on the service. */
  path: string;
  body?: unknown;
  timeoutMs: number;
  requestId?: string;
}

/**
 * Calls a service's internal endpoint by URL and returns its JSON. No answer, a timeout or an answer
 * that is not JSON: 502 `PROXY_ERR_SERVICE_UNREACHABLE`. A 4xx/5xx answer: `PROXY_ERR_SERVICE_REFUSED`
 * with the service's own status, its code and message in the message, and its `fields`.
 */
export async function callService<T>(service: SyncService, call: ServiceCall): Promise<T> {
  const url = `${service.url}${call.path}`;
  let answer: JsonAnswer;
  try {
    answer = await callJson({ method: call.method, url, headers: call.requestId ? { "x-request-id": call.requestId } : {}, body: call.body, timeoutMs: call.timeoutMs });
  } catch (err) {
    if (!(err instanceof JsonCallFailed)) throw err;
    throw new ProxyError(
      502,
      ProxyErrorCode.serviceUnreachable,
      `Cannot reach the ${service.service} service at ${url} (${err.reason}). Check that it runs and that its upstream url in the route table is right.`,
    );
  }
  if (!answer.ok) {
    const code = answer.error?.code ? `${answer.error.code}: ` : "";
    const message = answer.error?.message ?? `${call.method} ${call.path} answered ${answer.status}`;
    throw new ProxyError(answer.status >= 400 ? answer.status : 502, ProxyErrorCode.serviceRefused, `The ${service.service} service refused: ${code}${message}`, answer.error?.fields);
  }
  if (answer.json === undefined) {
    throw new ProxyError(502, ProxyErrorCode.serviceUnreachable, `The ${service.service} service answered ${call.method} ${call.path} without a JSON body`);
  }
  return answer.json as T;
}
