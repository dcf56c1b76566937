import type { CompiledRoute, RouteTable } from "./route-table";

/** Where one request goes. */
export interface Decision {
  /** The matched route, or null for the default upstream. */
  routeId: string | null;
  upstream: string;
  side: "monolith" | "service";
}

/**
 * Answers whether the route's service takes this request now (the flag check; never throws). It
 * calls `stickyKey` only when the answer depends on the user (a canary).
 */
export type ServiceCheck = (routeId: string, stickyKey: () => string) => boolean;

/**
 * Sends a matched route to its service when the flag says so for this user, else to the default
 * upstream (the monolith). Unmatched requests always go to the default upstream.
 */
export function decide(table: RouteTable, route: CompiledRoute | undefined, inService: ServiceCheck, stickyKey: () => string): Decision {
  if (!route) return { routeId: null, upstream: table.defaultUpstream, side: "monolith" };
  if (route.upstream !== table.defaultUpstream && inService(route.id, stickyKey)) {
    return { routeId: route.id, upstream: route.upstream, side: "service" };
  }
  return { routeId: route.id, upstream: table.defaultUpstream, side: "monolith" };
}
