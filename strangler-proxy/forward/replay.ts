import { request, type Agent, type IncomingMessage, type ServerResponse } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Logger } from "../../platform";
import { cleanRequestHeaders, cleanResponseHeaders, type ForwardedInfo } from "./header-hygiene";
import { answerFailure, upstreamFailure } from "./upstream-errors";

/** Where a replayed request goes. */
export interface ReplayTarget {
  name: string;
  url: string;
  agent: Agent;
  timeoutMs: number;
}

/**
 * Sends a request again with a buffered body (the original stream was spent on the failed upstream)
 * and streams the answer to the client with the same header hygiene as the forwarder. Failures are
 * answered 502/504 like any upstream failure.
 */
export function replayRequest(target: ReplayTarget, req: IncomingMessage, res: ServerResponse, body: Buffer, info: ForwardedInfo, logger: Logger): void {
  const headers = { ...req.headers };
  delete headers.host;
  delete headers["transfer-encoding"];
  if (body.length > 0 || headers["content-length"] !== undefined) headers["content-length"] = String(body.length);
  const url = new URL(req.url ?? "/", target.url);
  const send = url.protocol === "https:" ? httpsRequest : request;
  let timedOut = false;
  const out = send(url, { method: req.method, headers, agent: target.agent });
  cleanRequestHeaders(out, req.headers, info);
  out.setTimeout(target.timeoutMs, () => {
    timedOut = true;
    out.destroy(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" }));
  });
  out.on("response", (upstreamResponse) => {
    cleanResponseHeaders(upstreamResponse);
    if (res.headersSent) return void upstreamResponse.resume();
    // Headers the failed upstream's answer may have left on the response must not leak into this one.
    for (const name of res.getHeaderNames()) if (name !== "x-request-id") res.removeHeader(name);
    res.statusCode = 200;
    res.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
    upstreamResponse.pipe(res);
  });
  out.on("error", (err: NodeJS.ErrnoException) => {
    const failure = upstreamFailure(req, target.name, timedOut ? Object.assign(err, { code: "ETIMEDOUT" }) : err);
    logger.warn("upstream failed", { upstream: target.name, code: failure.code, cause: err.code ?? err.message, requestId: info.requestId, replay: true });
    answerFailure(res, failure, info.requestId);
  });
  res.once("close", () => {
    if (!res.writableFinished) out.destroy();
  });
  out.end(body);
}
