import type { FlagSource } from "../flags";
import { fenceFlagName } from "../flags";
import { ProxyErrorCode } from "../errors";
import type { PipelineStage } from "./proxy-context";

/** Seconds a fenced client is told to wait: a cut-over's switch window is short. */
export const FENCE_RETRY_AFTER_SECONDS = 1;

/**
 * fence: while a route's fence flag is on (the switch window of a cut-over), answer 503 with
 * Retry-After instead of forwarding, so no write lands on a side that is losing ownership and the
 * client knows to retry. Flag checks never throw: an unknown flag is off.
 */
export function fenceStage(flags: FlagSource): PipelineStage {
  return {
    name: "fence",
    run(ctx) {
      if (!ctx.route || !flags.isEnabled(fenceFlagName(ctx.route.id), ctx.requestId)) return;
      const body = JSON.stringify({
        error: { code: ProxyErrorCode.fenced, message: `Route ${ctx.route.id} is fenced while its owner changes; retry in ${FENCE_RETRY_AFTER_SECONDS} s` },
      });
      ctx.res.writeHead(503, {
        "content-type": "application/json; charset=utf-8",
        "content-length": Buffer.byteLength(body),
        "retry-after": String(FENCE_RETRY_AFTER_SECONDS),
      });
      ctx.res.end(body);
      ctx.answered = true;
    },
  };
}
