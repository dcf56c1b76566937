import { request, type Agent, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { CapturedResponse } from "../diff";
import { cleanRequestHeaders, cleanResponseHeaders, type ForwardedInfo } from "../forward";

/** Header that marks a shadow copy (client-sent `x-strangler-*` headers are stripped, so it cannot be forged). */
export const SHADOW_HEADER = "x-strangler-shadow";

/** A copy of the client's request. */
export interface RequestCopy {
  method: string;
  /** Normalised, re-encoded path + query, as the primary received it. */
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  info: ForwardedInfo;
}

/** How a copy ended: an answer (body up to the cap), or why not. */
export type CopyResult = { ok: true; response: CapturedResponse } | { ok: false; error: string; tooLarge?: boolean };

/**
 * Sends a copy of a request to `baseUrl`, marked with `x-strangler-shadow: 1`, and reads the answer up
 * to `maxBodyBytes`. Resolves (never rejects) within `timeoutMs`.
 */
export function sendCopy(baseUrl: string, agent: Agent, copy: RequestCopy, timeoutMs: number, maxBodyBytes: number): Promise<CopyResult> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: CopyResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => {
      settle({ ok: false, error: `timeout after ${timeoutMs} ms` });
      out.destroy();
    }, timeoutMs);
    const headers = { ...copy.headers };
    delete headers.host;
    delete headers["transfer-encoding"];
    if (copy.body.length > 0 || headers["content-length"] !== undefined) headers["content-length"] = String(copy.body.length);
    const url = new URL(copy.path, baseUrl);
    const out = (url.protocol === "https:" ? httpsRequest : request)(url, { method: copy.method, headers, agent });
    cleanRequestHeaders(out, copy.headers, copy.info);
    out.setHeader(SHADOW_HEADER, "1");
    out.on("response", (res: IncomingMessage) => {
      cleanResponseHeaders(res);
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBodyBytes) {
          settle({ ok: false, error: `response larger than ${maxBodyBytes} bytes`, tooLarge: true });
          res.destroy();
        } else chunks.push(chunk);
      });
      res.on("end", () => settle({ ok: true, response: { status: res.statusCode ?? 0, headers: flatHeaders(res.headers), body: Buffer.concat(chunks), truncated: false } }));
      res.on("error", (err) => settle({ ok: false, error: err.message }));
      res.on("close", () => settle({ ok: false, error: "connection closed before the answer ended" }));
    });
    out.on("error", (err: NodeJS.ErrnoException) => settle({ ok: false, error: err.code ?? err.message }));
    out.end(copy.body);
  });
}

/** Response headers as single strings (repeated headers joined with ", "). */
export function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}
