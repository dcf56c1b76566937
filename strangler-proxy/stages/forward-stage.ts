import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import type { ForwardedInfo, Forwarder } from "../forward";
import type { PipelineStage } from "./proxy-context";

/** What the upstream is told about the original request. */
export function forwardedInfo(req: IncomingMessage, requestId: string): ForwardedInfo {
  return {
    clientAddress: req.socket.remoteAddress ?? "",
    proto: (req.socket as TLSSocket).encrypted ? "https" : "http",
    host: req.headers.host,
    requestId,
  };
}

/** forward: the upstream receives the normalised path (re-encoded) and the original query; bodies stream. */
export function forwardStage(forwarder: Forwarder): PipelineStage {
  return {
    name: "forward",
    run(ctx) {
      ctx.req.url = ctx.target!.encodedPath + ctx.target!.query;
      forwarder.web(ctx.req, ctx.res, ctx.decision!.upstream, forwardedInfo(ctx.req, ctx.requestId));
    },
  };
}
