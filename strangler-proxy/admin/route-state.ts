import type { FlagStore, RouteFlags, RouteState } from "../flags";

/**
 * A route's stage and fence as the admin API reports them. The instance hosting the flag store
 * answers from the store, so a read right after a change shows it; reading instances answer from
 * the flags they route by.
 */
export function routeState(routeId: string, routeFlags: RouteFlags, store?: FlagStore): RouteState {
  if (store) return { ...store.stageOf(routeId), fenced: store.isFenced(routeId) };
  return routeFlags.state(routeId);
}
