import { request } from "node:http";

/** An answer read in full, or the error of a request that got none. */
export type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string } | { error: string; code: string | undefined };

/**
 * What a client may conclude from one answer to a write:
 * - `confirmed`: the expected 2xx; the write happened.
 * - `retry`: nothing was committed (a fence refusal: 503 + Retry-After with `PROXY_ERR_FENCED` or
 *   `SHOP_ERR_WRITE_FENCED` / `x-strangler-not-committed`; or the request never reached a server:
 *   connection refused, the proxy's breaker open, a proxy 502 whose cause is a refused connection);
 *   send it again.
 * - `ambiguous`: it may or may not have happened (the connection dropped after the request was sent,
 *   a proxy 502/504 saying the upstream may have received it, or any 5xx that is not a fence
 *   refusal). The client stops touching the row and allows both outcomes.
 * `failure` is set when the answer itself breaks a promise: a 5xx the toolkit caused (the legacy app
 * or the catalog answered 5xx without being fenced, or the proxy failed internally), a fence refusal
 * without Retry-After, or an unexpected 4xx (e.g. 409 duplicate SKU on a create retried after a
 * "nothing committed" refusal: then the refusal lied).
 */
export type WriteOutcome =
  | { kind: "confirmed"; status: number; body: string; servedBy: string }
  | { kind: "retry"; why: "fenced" | "unavailable"; failure?: AnswerFailure }
  | { kind: "ambiguous"; why: string; failure?: AnswerFailure };

/** A broken promise in an answer: a 5xx the toolkit caused, or an answer no client should get. */
export interface AnswerFailure {
  kind: "toolkit-5xx" | "answer";
  detail: string;
}

const FENCE_CODES = new Set(["PROXY_ERR_FENCED", "SHOP_ERR_WRITE_FENCED"]);
/** Proxy answers that say nothing was sent to (or tried on) an upstream. */
const NOTHING_TRIED = new Set(["PROXY_ERR_CIRCUIT_OPEN", "PROXY_ERR_NOT_READY"]);
/** Proxy answers about an upstream that failed: nothing sent only when the cause is a refused connection. */
const UPSTREAM_FAILED = new Set(["PROXY_ERR_NOT_RETRIED", "PROXY_ERR_UPSTREAM_UNAVAILABLE"]);

function errorOf(body: string): { code?: string; message?: string } {
  try {
    return (JSON.parse(body) as { error?: { code?: string; message?: string } }).error ?? {};
  } catch {
    return {};
  }
}

/** Classifies one answer to a write that expects `expected` (docs/proxy.md "Fallback", strangler-proxy/errors.ts). */
export function classifyAnswer(answer: Answer, expected: number): WriteOutcome {
  if ("error" in answer) {
    if (answer.code === "ECONNREFUSED") return { kind: "retry", why: "unavailable" };
    return { kind: "ambiguous", why: `connection failed after sending (${answer.code ?? answer.error})` };
  }
  const header = (name: string) => {
    const value = answer.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const servedBy = header("x-served-by") ?? "monolith";
  if (answer.status === expected) return { kind: "confirmed", status: answer.status, body: answer.body, servedBy };
  const { code = "", message = "" } = errorOf(answer.body);
  const said = `${answer.status} ${code || answer.body.slice(0, 120)} (from ${code.startsWith("PROXY_ERR_") ? "the proxy" : servedBy})`;
  if (answer.status === 503 && (FENCE_CODES.has(code) || header("x-strangler-not-committed") === "1")) {
    return header("retry-after") ? { kind: "retry", why: "fenced" } : { kind: "retry", why: "fenced", failure: { kind: "answer", detail: `${said}: a fence refusal without Retry-After` } };
  }
  if (NOTHING_TRIED.has(code)) return { kind: "retry", why: "unavailable" };
  if (UPSTREAM_FAILED.has(code)) {
    if (/\bECONNREFUSED\b/.test(message)) return { kind: "retry", why: "unavailable" };
    return { kind: "ambiguous", why: `${said}: ${message.slice(0, 160)}` };
  }
  if (code === "PROXY_ERR_UPSTREAM_TIMEOUT") return { kind: "ambiguous", why: said };
  if (answer.status >= 500) return { kind: "ambiguous", why: said, failure: { kind: "toolkit-5xx", detail: `${said}: a 5xx the toolkit caused: ${answer.body.slice(0, 200)}` } };
  return { kind: "ambiguous", why: said, failure: { kind: "answer", detail: `${said}: unexpected answer (expected ${expected}): ${answer.body.slice(0, 200)}` } };
}

/** One HTTP request on a fresh connection (no keep-alive: a killed proxy shows as it would to a new client); never rejects. */
export function send(baseUrl: string, method: string, path: string, headers: Record<string, string>, body?: unknown, timeoutMs = 30_000): Promise<Answer> {
  const { hostname, port } = new URL(baseUrl);
  const text = body === undefined ? undefined : JSON.stringify(body);
  const allHeaders = text === undefined ? headers : { ...headers, "content-type": "application/json", "content-length": String(Buffer.byteLength(text)) };
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: Answer) => {
      if (settled) return;
      settled = true;
      resolve(answer);
    };
    const req = request({ host: hostname, port, method, path, headers: allHeaders, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => finish({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", (err: NodeJS.ErrnoException) => finish({ error: `response broke off: ${err.message}`, code: err.code ?? "RESPONSE_ABORTED" }));
      res.on("aborted", () => finish({ error: "response aborted", code: "RESPONSE_ABORTED" }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: "TIMEOUT" })));
    req.on("error", (err: NodeJS.ErrnoException) => finish({ error: err.message, code: err.code }));
    req.end(text);
  });
}
