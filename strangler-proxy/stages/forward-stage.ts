import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import type { Fallback, ForwardedInfo, Forwarder } from "../forward";
import type { NormalisedTarget } from "../routing";
import type { PipelineStage } from "./proxy-context";

/** What the upstream is told about the original request (and which target it is sent). */
export function forwardedInfo(req: IncomingMessage, requestId: string, target: NormalisedTarget): ForwardedInfo {
  return {
    clientAddress: req.socket.remoteAddress ?? "",
    proto: (req.socket as TLSSocket).encrypted ? "https" : "http",
    host: target.form === "absolute" ? target.authority : req.headers.host,
    requestId,
    httpVersion: req.httpVersion,
    target,
  };
}

/**
 * forward: the upstream receives the request target and header fields as the client sent them
 * (forward/header-hygiene.ts lists what changes); bodies stream. A request for a service goes through
 * the fallback: skipped to the monolith while the service's breaker is open, retried there when the
 * service fails before answering.
 */
export function forwardStage(forwarder: Forwarder, fallback?: Fallback): PipelineStage {
  return {
    name: "forward",
    run(ctx) {
      const info = forwardedInfo(ctx.req, ctx.requestId, ctx.target!);
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
