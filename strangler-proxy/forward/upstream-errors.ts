import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { ProxyErrorCode } from "../errors";
import { answerJson, answerSocket } from "./json-answer";

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

/** Answers the failure as the JSON envelope, on a response or on an upgrade's socket; never throws. */
export function answerFailure(target: ServerResponse | Duplex, failure: ReturnType<typeof upstreamFailure>, requestId: string): void {
  if ("setHeader" in target) answerJson(target, failure.status, failure.code, failure.message, requestId);
  else answerSocket(target, failure.status, failure.code, failure.message, requestId);
}
