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

/** The route id of a fence flag's name, or undefined when `name` is not a fence flag. */
export function routeIdOfFenceFlag(name: string): string | undefined {
  const suffix = ".fence";
  return name.startsWith(PREFIX) && name.endsWith(suffix) && name.length > PREFIX.length + suffix.length ? name.slice(PREFIX.length, -suffix.length) : undefined;
}
