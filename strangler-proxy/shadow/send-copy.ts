import type { Agent, IncomingMessage } from "node:http";
import type { CapturedResponse } from "../diff";
import { connectionOptions, isHopByHop, sendToUpstream, type ForwardedInfo, type ForwardingPolicy, type UpstreamEndpoint } from "../forward";

/** Header that marks a shadow copy (client-sent `x-strangler-*` headers are stripped, so it cannot be forged). */
export const SHADOW_HEADER = "x-strangler-shadow";

/** A copy of the client's request. */
export interface RequestCopy {
  method: string;
  /** The client's header fields as received (node's rawHeaders). */
  rawHeaders: string[];
  body: Buffer;
  /** What the primary was told, including the request target as received. */
  info: ForwardedInfo;
}

/** How a copy ended: an answer (body up to the cap), or why not. */
export type CopyResult = { ok: true; response: CapturedResponse } | { ok: false; error: string; tooLarge?: boolean };

/**
 * Sends a copy of a request to an upstream, with the same target and header rules as the primary
 * (forward/), its body with a length of its own, marked `x-strangler-shadow: 1`, and reads the answer
 * up to `maxBodyBytes`. Resolves (never rejects) within `timeoutMs`.
 */
export function sendCopy(endpoint: UpstreamEndpoint, agent: Agent, policy: ForwardingPolicy, copy: RequestCopy, timeoutMs: number, maxBodyBytes: number): Promise<CopyResult> {
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
      out?.destroy();
    }, timeoutMs);
    let out: ReturnType<typeof sendToUpstream> | undefined;
    try {
      out = sendToUpstream(endpoint, { method: copy.method, rawHeaders: copy.rawHeaders }, copy.info, policy, agent, { bodyLength: copy.body.length, extra: [SHADOW_HEADER, "1"] });
    } catch (err) {
      settle({ ok: false, error: (err as Error).message });
      return;
    }
    out.on("response", (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBodyBytes) {
          settle({ ok: false, error: `response larger than ${maxBodyBytes} bytes`, tooLarge: true });
          res.destroy();
        } else chunks.push(chunk);
      });
      res.on("end", () => settle({ ok: true, response: { status: res.statusCode ?? 0, headers: flatHeaders(res), body: Buffer.concat(chunks), truncated: false } }));
      res.on("error", (err) => settle({ ok: false, error: err.message }));
      res.on("close", () => settle({ ok: false, error: "connection closed before the answer ended" }));
    });
    out.on("error", (err: NodeJS.ErrnoException) => settle({ ok: false, error: err.code ?? err.message }));
    out.end(copy.body);
  });
}

/** A response's end-to-end headers as single strings by lowercase name (repeated ones joined with ", "; hop-by-hop ones left out). */
export function flatHeaders(res: Pick<IncomingMessage, "rawHeaders">): Record<string, string> {
  const raw = res.rawHeaders;
  const named = connectionOptions(raw);
  const flat: Record<string, string> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (isHopByHop(name, named)) continue;
    flat[name] = flat[name] === undefined ? raw[i + 1] : `${flat[name]}, ${raw[i + 1]}`;
  }
  return flat;
}
