import type { FlagSource } from "../flags";
import { routeFlagName, shadowFlagName } from "../flags";
import type { CompiledRoute, RouteTable } from "../routing";
import type { ShadowMirror } from "../shadow";
import type { PipelineStage } from "./proxy-context";

export interface ShadowStageDeps {
  table: RouteTable;
  flags: FlagSource;
  mirror: ShadowMirror;
}

/**
 * Whether a route's monolith-side requests are mirrored now: its shadow flag is on (stage `shadow`),
 * or it is in canary and `shadow.duringCanary` holds (the users still on the monolith are mirrored).
 */
export function shadowWanted(flags: FlagSource, route: CompiledRoute): boolean {
  const shadow = flags.definition(shadowFlagName(route.id));
  if (shadow?.enabled && shadow.rollout !== 0) return true;
  if (!route.config.shadow.duringCanary) return false;
  const primary = flags.definition(routeFlagName(route.id));
  return Boolean(primary?.enabled && primary.rollout !== 0);
}

/** shadow: hands a monolith-answered request of a shadowed route to the mirror (which never blocks or throws). */
export function shadowStage(deps: ShadowStageDeps): PipelineStage {
  return {
    name: "shadow",
    run(ctx) {
      const route = ctx.route;
      const decision = ctx.decision;
      if (!route || !decision || decision.side !== "monolith" || ctx.fellBack || !ctx.forwarded) return;
      try {
        if (route.upstream === deps.table.defaultUpstream || !shadowWanted(deps.flags, route)) return;
        deps.mirror.mirror({ routeId: route.id, route: route.config, req: ctx.req, res: ctx.res, info: ctx.forwarded });
      } catch {
        // The shadow path never fails the primary; the mirror logs its own errors.
      }
    },
  };
}
