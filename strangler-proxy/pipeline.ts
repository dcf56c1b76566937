import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../platform";
import type { ProxyMetrics } from "./metrics";
import type { Fallback, Forwarder } from "./forward";
import type { ShadowMirror } from "./shadow";
import type { ReadYourWrites } from "./consistency";
import { consistencyStage } from "./stages/consistency-stage";
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
  /** Read-your-writes (absent: no route has the option, no stage). */
  readYourWrites?: ReadYourWrites | null;
}

/**
 * The primary path as named stages, in order: match → fence → decide → (consistency) → forward →
 * shadow → record. consistency exists only when a route has `readYourWrites`.
 * fence answers 503 + Retry-After for a route fenced during a cut-over (nothing is forwarded).
 * shadow runs after forward has handed the request on: it only taps the streams forward set up.
 */
export function buildPipeline(deps: PipelineDeps): PipelineStage[] {
  return [
    matchStage(deps),
    fenceStage(deps.routeFlags, deps.logger),
    decideStage(deps),
    ...(deps.readYourWrites ? [consistencyStage(deps.readYourWrites)] : []),
    forwardStage(deps.forwarder, deps.fallback),
    ...(deps.mirror ? [shadowStage({ table: deps.table, routeFlags: deps.routeFlags, mirror: deps.mirror })] : []),
    recordStage(deps.metrics, deps.logger),
  ];
}

/**
 * Runs the stages for one request; after a stage answered, only `always` stages run. A stage's
 * promise defers the rest; `failed` answers the client when a deferred stage throws.
 */
export function runPipeline(stages: readonly PipelineStage[], req: IncomingMessage, res: ServerResponse, requestId: string, failed: PipelineFailure = () => undefined): void {
  const ctx: ProxyContext = { req, res, requestId, startedAt: process.hrtime.bigint(), answered: false };
  runFrom(stages, 0, ctx, failed);
}

/** Answers a request whose deferred stage threw (one function for every request: no closure per request). */
export type PipelineFailure = (err: unknown, ctx: ProxyContext) => void;

function runFrom(stages: readonly PipelineStage[], from: number, ctx: ProxyContext, failed: PipelineFailure): void {
  for (let at = from; at < stages.length; at++) {
    const stage = stages[at];
    if (ctx.answered && !stage.always) continue;
    const pending = stage.run(ctx);
    if (pending) {
      pending.then(
        () => {
          try {
            runFrom(stages, at + 1, ctx, failed);
          } catch (err) {
            failed(err, ctx);
          }
        },
        (err: unknown) => failed(err, ctx),
      );
      return;
    }
  }
}
