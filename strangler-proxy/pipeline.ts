import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../platform";
import type { ProxyMetrics } from "./admin/metrics";
import type { Forwarder } from "./forward";
import { decideStage, type DecideStageDeps } from "./stages/decide-stage";
import { forwardStage } from "./stages/forward-stage";
import { matchStage, type MatchStageDeps } from "./stages/match-stage";
import type { PipelineStage, ProxyContext } from "./stages/proxy-context";
import { recordStage } from "./stages/record-stage";

export type { PipelineStage, ProxyContext } from "./stages/proxy-context";

export interface PipelineDeps extends MatchStageDeps, DecideStageDeps {
  forwarder: Forwarder;
  metrics: ProxyMetrics;
  logger: Logger;
}

/**
 * The primary path as named stages, in order: match → decide → forward → record.
 * The shadow stage (issue 6) goes between forward and record.
 */
export function buildPipeline(deps: PipelineDeps): PipelineStage[] {
  return [matchStage(deps), decideStage(deps), forwardStage(deps.forwarder), recordStage(deps.metrics, deps.logger)];
}

/** Runs the stages for one request; after a stage answered, only `always` stages run. */
export function runPipeline(stages: readonly PipelineStage[], req: IncomingMessage, res: ServerResponse, requestId: string): void {
  const ctx: ProxyContext = { req, res, requestId, startedAt: process.hrtime.bigint(), answered: false };
  for (const stage of stages) {
    if (ctx.answered && !stage.always) continue;
    stage.run(ctx);
  }
}
