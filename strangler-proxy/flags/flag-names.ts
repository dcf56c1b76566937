const PREFIX = "strangler.route.";

/** Name of a route's primary flag: on with rollout N sends N% of users to the route's service. */
export function routeFlagName(routeId: string): string {
  return `${PREFIX}${routeId}`;
}

/** Name of a route's shadow flag: on mirrors the route's traffic to its service. */
export function shadowFlagName(routeId: string): string {
  return `${PREFIX}${routeId}.shadow`;
}

/** Name of a route's fence flag: on, the proxy answers the route with 503 + Retry-After instead of forwarding. */
export function fenceFlagName(routeId: string): string {
  return `${PREFIX}${routeId}.fence`;
}
