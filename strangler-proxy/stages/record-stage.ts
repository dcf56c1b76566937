import { accessLogFor, type Logger } from "../../platform";
import { DEFAULT_ROUTE_LABEL, REJECTED_ROUTE_LABEL, type ProxyMetrics } from "../metrics";
import type { PipelineStage } from "./proxy-context";

/**
 * record: counts and times every request (also refused ones) once the response ends, and writes the
 * access log line (with the routing decision) when the log level includes `info`, through the
 * batched AccessLog (platform/access-log.ts), not winston's per-line pipeline.
 */
export function recordStage(metrics: ProxyMetrics, logger: Logger): PipelineStage {
  const accessLog = accessLogFor(logger);
  return {
    name: "record",
    always: true,
    run(ctx) {
      ctx.res.once("close", () => {
        const seconds = Number(process.hrtime.bigint() - ctx.startedAt) / 1e9;
        const route = ctx.decision?.routeId ?? (ctx.decision ? DEFAULT_ROUTE_LABEL : REJECTED_ROUTE_LABEL);
        const upstream = ctx.decision?.upstream ?? "none";
        metrics.record(route, upstream, ctx.decision?.routeId ? ctx.decision.side : null, ctx.res.statusCode, seconds);
        if (accessLog) {
          accessLog.write({
            method: ctx.req.method ?? "GET",
            path: ctx.target?.path ?? "(refused)",
            status: ctx.res.statusCode,
            route,
            upstream,
            durationMs: Math.round(seconds * 1e6) / 1e3,
            requestId: ctx.requestId,
          });
        }
      });
    },
  };
}
