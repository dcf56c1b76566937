import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "../../platform";
import { answerJson, answerSocket } from "../forward";
import type { ProxyContext } from "./proxy-context";

/** An answer the proxy gives itself instead of forwarding: status, `PROXY_ERR_*` code, message. */
export interface Refusal {
  status: number;
  code: string;
  message: string;
  headers?: Record<string, string>;
}

/** The request target's path for a log line: no query string (it may carry tokens), at most 200 characters. */
export function loggedPath(target: string | undefined): string {
  const raw = target ?? "";
  const queryAt = raw.indexOf("?");
  const path = queryAt === -1 ? raw : raw.slice(0, queryAt);
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}

/** Every refusal is a `warn` line with its code, whatever the log level's access log does. */
export function logRefusal(logger: Logger, refusal: Refusal, req: Pick<IncomingMessage, "method" | "url"> | undefined, requestId: string | undefined, extra: Record<string, unknown> = {}): void {
  logger.warn("request refused", {
    code: refusal.code,
    status: refusal.status,
    reason: refusal.message,
    method: req?.method,
    path: loggedPath(req?.url),
    requestId,
    ...extra,
  });
}

/** Answers the request with the JSON envelope, logs the refusal, and ends the pipeline's forwarding. */
export function refuse(ctx: ProxyContext, logger: Logger, refusal: Refusal): void {
  logRefusal(logger, refusal, ctx.req, ctx.requestId, ctx.route ? { route: ctx.route.id } : {});
  answerJson(ctx.res, refusal.status, refusal.code, refusal.message, ctx.requestId, refusal.headers);
  ctx.answered = true;
}

/** The same on an upgrade's bare socket. */
export function refuseSocket(socket: Duplex, logger: Logger, refusal: Refusal, req: IncomingMessage, requestId: string): void {
  logRefusal(logger, refusal, req, requestId, { upgrade: true });
  answerSocket(socket, refusal.status, refusal.code, refusal.message, requestId, refusal.headers);
}
