import type { StickinessConfig } from "../config/schema";
import type { RouteFlags } from "../flags";
import { decide, stickyKeyOf, type CompiledRoute, type Decision, type RequestView, type RouteTable } from "../routing";
import type { PipelineStage } from "./proxy-context";

export interface DecideStageDeps {
  table: RouteTable;
  routeFlags: RouteFlags;
  stickiness: Readonly<StickinessConfig>;
}

/** Decides monolith or service for a matched request; the flag check never throws (unknown = monolith). */
export function decideRequest(deps: DecideStageDeps, route: CompiledRoute | undefined, view: RequestView): Decision {
  return decide(deps.table, route, deps.routeFlags.inService, () => stickyKeyOf(view, deps.stickiness));
}

/** decide: route + flag (+ sticky key for canaries) → upstream. */
export function decideStage(deps: DecideStageDeps): PipelineStage {
  return {
    name: "decide",
    run(ctx) {
      ctx.decision = decideRequest(deps, ctx.route, ctx.view!);
    },
  };
}
