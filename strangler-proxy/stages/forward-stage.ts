import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import type { Fallback, ForwardedInfo, Forwarder } from "../forward";
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

/**
 * forward: the upstream receives the normalised path (re-encoded) and the original query; bodies stream.
 * A request for a service goes through the fallback: skipped to the monolith while the service's
 * breaker is open, retried there when the service fails before answering.
 */
export function forwardStage(forwarder: Forwarder, fallback?: Fallback): PipelineStage {
  return {
    name: "forward",
    run(ctx) {
      ctx.req.url = ctx.target!.encodedPath + ctx.target!.query;
      const info = forwardedInfo(ctx.req, ctx.requestId);
      ctx.forwarded = info;
      const decision = ctx.decision!;
      if (!fallback || decision.side !== "service" || !ctx.route) {
        forwarder.web(ctx.req, ctx.res, decision.upstream, info);
        return;
      }
      const request = { req: ctx.req, res: ctx.res, routeId: ctx.route.id, upstream: decision.upstream, config: ctx.route.config.fallback };
      const upstream = fallback.upstreamFor(request, ctx.requestId);
      if (upstream === null) {
        ctx.answered = true;
        return;
      }
      if (upstream !== decision.upstream) {
        ctx.fellBack = true;
        ctx.decision = { ...decision, upstream, side: "monolith" };
        forwarder.web(ctx.req, ctx.res, upstream, info);
        return;
      }
      forwarder.web(ctx.req, ctx.res, upstream, info);
      fallback.watch(request);
    },
  };
}
