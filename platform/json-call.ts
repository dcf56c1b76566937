import type { IncomingMessage, RequestOptions } from "node:http";
import type { FieldIssue } from "./http-error";

export interface JsonCall {
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** Sent as JSON (with its content type) when given. */
  body?: unknown;
  timeoutMs: number;
}

/** An answer of any status: its text, its JSON (undefined when it is not JSON) and, for an error envelope, its error. */
export interface JsonAnswer {
  status: number;
  ok: boolean;
  text: string;
  json: unknown;
  /** `{"error":{"code","message","fields"}}` of a 4xx/5xx answer, as far as it is there. */
  error?: { code?: string; message?: string; fields?: FieldIssue[] };
}

/** The call got no answer: refused, reset, timed out. `reason` is the socket's code or the timeout. */
export class JsonCallFailed extends Error {
  constructor(
    readonly url: string,
    /** The socket's code (`ECONNREFUSED`…) or `no answer within N ms`. */
    readonly reason: string,
  ) {
    super(`no answer from ${url} (${reason})`);
    this.name = "JsonCallFailed";
  }
}

/**
 * One JSON request between the toolkit's own processes (the CLI, a service's keeper, the proxy's
 * admin API calling a service), on a connection of its own (`Connection: close`) with node's http
 * module: no pooled socket holds a short-lived process open (fetch's does, and costs a CLI about 40 ms
 * to load). Resolves with the answer whatever its status; rejects only with JsonCallFailed.
 */
export function callJson(call: JsonCall): Promise<JsonAnswer> {
  const url = new URL(call.url);
  const transport = (url.protocol === "https:" ? require("node:https") : require("node:http")) as typeof import("node:http");
  const headers: Record<string, string> = { accept: "application/json", ...call.headers, connection: "close" };
  const payload = call.body === undefined ? undefined : JSON.stringify(call.body);
  if (payload !== undefined) {
    headers["content-type"] = "application/json";
    // Always framed: node sends a DELETE's (or GET's) body without a length of its own otherwise.
    headers["content-length"] = String(Buffer.byteLength(payload));
  }
  const options: RequestOptions = { method: call.method, headers, agent: false };
  return new Promise<JsonAnswer>((resolve, reject) => {
    const request = transport.request(url, options, (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", (err: NodeJS.ErrnoException) => reject(new JsonCallFailed(call.url, err.code ?? err.message)));
      response.on("end", () => {
        const status = response.statusCode ?? 0;
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        const ok = status >= 200 && status < 300;
        resolve({ status, ok, text, json, ...(ok ? {} : { error: errorOf(json) }) });
      });
    });
    request.setTimeout(call.timeoutMs, () => request.destroy(Object.assign(new Error(`no answer within ${call.timeoutMs} ms`), { code: `no answer within ${call.timeoutMs} ms` })));
    request.on("error", (err: NodeJS.ErrnoException) => reject(new JsonCallFailed(call.url, err.code ?? err.message)));
    request.end(payload);
  });
}

function errorOf(json: unknown): JsonAnswer["error"] {
  const error = (json as { error?: { code?: unknown; message?: unknown; fields?: unknown } } | undefined)?.error;
  if (!error || typeof error !== "object") return undefined;
  return {
    ...(typeof error.code === "string" ? { code: error.code } : {}),
    ...(typeof error.message === "string" ? { message: error.message } : {}),
    ...(Array.isArray(error.fields) ? { fields: error.fields as FieldIssue[] } : {}),
  };
}

/**
 * `GET url` for a JSON document: resolves with it on a 2xx answer; rejects on any other status
 * (`<url> answered <status>`), an answer that is not JSON, or no answer within `timeoutMs` (JsonCallFailed).
 */
export async function getJson(url: string, timeoutMs: number): Promise<unknown> {
  const answer = await callJson({ method: "GET", url, timeoutMs });
  if (!answer.ok) throw new Error(`${url} answered ${answer.status}`);
  if (answer.json === undefined) throw new Error(`${url} did not answer JSON`);
  return answer.json;
}
