import type { FieldIssue } from "../../platform";
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
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: call.method,
      headers: {
        accept: "application/json",
        ...(call.body === undefined ? {} : { "content-type": "application/json" }),
        ...(call.requestId ? { "x-request-id": call.requestId } : {}),
      },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal: AbortSignal.timeout(call.timeoutMs),
      redirect: "manual",
    });
    text = await response.text();
  } catch (err) {
    const cause = (err as { name?: unknown } | null)?.name === "TimeoutError" ? `no answer within ${call.timeoutMs} ms` : causeOf(err);
    throw new ProxyError(
      502,
      ProxyErrorCode.serviceUnreachable,
      `Cannot reach the ${service.service} service at ${url} (${cause}). Check that it runs and that its upstream url in the route table is right.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const error = (parsed as { error?: { code?: unknown; message?: unknown; fields?: unknown } } | undefined)?.error;
    const code = typeof error?.code === "string" ? `${error.code}: ` : "";
    const message = typeof error?.message === "string" ? error.message : `${call.method} ${call.path} answered ${response.status}`;
    const fields = Array.isArray(error?.fields) ? (error.fields as FieldIssue[]) : undefined;
    throw new ProxyError(response.status >= 400 ? response.status : 502, ProxyErrorCode.serviceRefused, `The ${service.service} service refused: ${code}${message}`, fields);
  }
  if (parsed === undefined) {
    throw new ProxyError(502, ProxyErrorCode.serviceUnreachable, `The ${service.service} service answered ${call.method} ${call.path} without a JSON body`);
  }
  return parsed as T;
}

/** The network cause of a failed fetch (`ECONNREFUSED`, …). Duck-typed: fetch's errors may come from another realm. */
function causeOf(err: unknown): string {
  const failure = err as { message?: unknown; cause?: { code?: unknown; message?: unknown } } | null;
  const cause = failure?.cause;
  if (typeof cause?.code === "string") return cause.code;
  if (typeof cause?.message === "string" && cause.message) return cause.message;
  return typeof failure?.message === "string" ? failure.message : String(err);
}
