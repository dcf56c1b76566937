import type { FlagSource, FlagStore, RouteStage } from "../flags";
import { fenceFlagName, routeFlagName, shadowFlagName, stageFromFlags } from "../flags";

/**
 * A route's stage and fence as the admin API reports them. The instance hosting the flag store
 * answers from the store, so a read right after a change shows it; reading instances answer from
 * the flags they route by.
 */
export function routeState(routeId: string, flags: FlagSource, store?: FlagStore): RouteStage & { fenced: boolean } {
  if (store) return { ...store.stageOf(routeId), fenced: store.isFenced(routeId) };
  return {
    ...stageFromFlags(flags.definition(routeFlagName(routeId)), flags.definition(shadowFlagName(routeId))),
    fenced: flags.definition(fenceFlagName(routeId))?.enabled ?? false,
  };
}
