import type { Logger } from "../../platform";
import type { RouteFlags } from "../flags";
import { ProxyErrorCode } from "../errors";
import type { CompiledRoute } from "../routing";
import type { PipelineStage } from "./proxy-context";
import { refuse, type Refusal } from "./refusal";

/** Seconds a fenced client is told to wait: a cut-over's switch window is short. */
export const FENCE_RETRY_AFTER_SECONDS = 1;

/** The 503 of a fenced route, or undefined when its fence is off (flag checks never throw: an unknown flag is off). */
export function fenceRefusal(routeFlags: RouteFlags, route: CompiledRoute | undefined, requestId: string): Refusal | undefined {
  if (!route || !routeFlags.fenced(route.id, requestId)) return undefined;
  return {
    status: 503,
    code: ProxyErrorCode.fenced,
    message: `Route ${route.id} is fenced while its owner changes; retry in ${FENCE_RETRY_AFTER_SECONDS} s`,
    headers: { "retry-after": String(FENCE_RETRY_AFTER_SECONDS) },
  };
}

/**
 * fence: while a route's fence flag is on (the switch window of a cut-over), answer 503 with
 * Retry-After instead of forwarding, so no write lands on a side that is losing ownership and the
 * client knows to retry.
 */
export function fenceStage(routeFlags: RouteFlags, logger: Logger): PipelineStage {
  return {
    name: "fence",
    run(ctx) {
      const refusal = fenceRefusal(routeFlags, ctx.route, ctx.requestId);
      if (refusal) refuse(ctx, logger, refusal);
    },
  };
}
