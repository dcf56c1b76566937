import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { ProxyErrorCode } from "../errors";

const TIMED_OUT = new WeakSet<IncomingMessage>();

/** Marks a request whose upstream did not answer in time, so its error is answered 504, not 502. */
export function markTimedOut(req: IncomingMessage): void {
  TIMED_OUT.add(req);
}

/** The JSON answer for a failed upstream call: 504 after a timeout, else 502. */
export function upstreamFailure(req: IncomingMessage, upstream: string, err: NodeJS.ErrnoException) {
  const timedOut = TIMED_OUT.has(req) || err.code === "ETIMEDOUT";
  return timedOut
    ? { status: 504, code: ProxyErrorCode.upstreamTimeout, message: `Upstream "${upstream}" did not answer in time` }
    : { status: 502, code: ProxyErrorCode.upstreamUnavailable, message: `Upstream "${upstream}" is unavailable (${err.code ?? "error"})` };
}

/** Answers the failure on a response (JSON) or an upgrade socket (bare status line); never throws. */
export function answerFailure(target: ServerResponse | Socket, failure: ReturnType<typeof upstreamFailure>, requestId: string): void {
  try {
    if ("setHeader" in target) {
      if (target.headersSent) {
        target.destroy();
        return;
      }
      const body = JSON.stringify({ error: { code: failure.code, message: failure.message } });
      target.writeHead(failure.status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body), "x-request-id": requestId });
      target.end(body);
    } else {
      target.end(`HTTP/1.1 ${failure.status} ${failure.status === 504 ? "Gateway Timeout" : "Bad Gateway"}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
      target.destroy();
    }
  } catch {
    // The client is gone; there is nobody left to answer.
  }
}
