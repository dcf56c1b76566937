import type { RouteFlags } from "../flags";
import type { RouteTable } from "../routing";
import type { ShadowMirror } from "../shadow";
import type { PipelineStage } from "./proxy-context";

export interface ShadowStageDeps {
  table: RouteTable;
  routeFlags: RouteFlags;
  mirror: ShadowMirror;
}

/**
 * shadow: hands a monolith-answered request of a shadowed route to the mirror (which never blocks or
 * throws). Shadowed: its shadow flag is on (stage `shadow`), or it is in canary and
 * `shadow.duringCanary` holds (the users still on the monolith are mirrored); `RouteFlags.shadowWanted`.
 */
export function shadowStage(deps: ShadowStageDeps): PipelineStage {
  return {
    name: "shadow",
    run(ctx) {
      const route = ctx.route;
      const decision = ctx.decision;
      if (!route || !decision || decision.side !== "monolith" || ctx.fellBack || !ctx.forwarded) return;
      try {
        if (route.upstream === deps.table.defaultUpstream || !deps.routeFlags.shadowWanted(route.id, route.config.shadow.duringCanary)) return;
        deps.mirror.mirror({ routeId: route.id, route: route.config, req: ctx.req, res: ctx.res, info: ctx.forwarded });
      } catch {
        // The shadow path never fails the primary; the mirror logs its own errors.
      }
    },
  };
}
