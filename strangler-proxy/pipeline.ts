import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../platform";
import type { ProxyMetrics } from "./metrics";
import type { Fallback, Forwarder } from "./forward";
import type { ShadowMirror } from "./shadow";
import { decideStage, type DecideStageDeps } from "./stages/decide-stage";
import { fenceStage } from "./stages/fence-stage";
import { forwardStage } from "./stages/forward-stage";
import { matchStage, type MatchStageDeps } from "./stages/match-stage";
import type { PipelineStage, ProxyContext } from "./stages/proxy-context";
import { recordStage } from "./stages/record-stage";
import { shadowStage } from "./stages/shadow-stage";

export type { PipelineStage, ProxyContext } from "./stages/proxy-context";

export interface PipelineDeps extends MatchStageDeps, DecideStageDeps {
  forwarder: Forwarder;
  metrics: ProxyMetrics;
  logger: Logger;
  /** Fallback to the monolith for service requests (absent: failures answer 502/504). */
  fallback?: Fallback;
  /** Mirror for shadowed routes (absent: no shadow traffic). */
  mirror?: ShadowMirror;
}

/**
 * The primary path as named stages, in order: match → fence → decide → forward → shadow → record.
 * fence answers 503 + Retry-After for a route fenced during a cut-over (nothing is forwarded).
 * shadow runs after forward has handed the request on: it only taps the streams forward set up.
 */
export function buildPipeline(deps: PipelineDeps): PipelineStage[] {
  return [
    matchStage(deps),
    fenceStage(deps.routeFlags, deps.logger),
    decideStage(deps),
    forwardStage(deps.forwarder, deps.fallback),
    ...(deps.mirror ? [shadowStage({ table: deps.table, routeFlags: deps.routeFlags, mirror: deps.mirror })] : []),
    recordStage(deps.metrics, deps.logger),
  ];
}

/** Runs the stages for one request; after a stage answered, only `always` stages run. */
export function runPipeline(stages: readonly PipelineStage[], req: IncomingMessage, res: ServerResponse, requestId: string): void {
  const ctx: ProxyContext = { req, res, requestId, startedAt: process.hrtime.bigint(), answered: false };
  for (const stage of stages) {
    if (ctx.answered && !stage.always) continue;
    stage.run(ctx);
  }
}
