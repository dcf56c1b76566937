/**
 * Routing: pure functions from a request to a decision. No I/O: the flag check is passed in.
 */
/** The normalised copy of a request target that matching reads (the upstream gets the target as sent). */
export { decodedSlashSegments, normaliseTarget } from "./normalise-path";
export type { NormaliseOptions, NormaliseResult, NormalisedTarget, RejectedTarget, TargetForm } from "./normalise-path";
/** The compiled route table and first-match lookup. */
export { buildRouteTable, isWriteGroup, lookupRoute, matchRoute } from "./route-table";
export type { CompiledRoute, RouteLookup, RouteTable } from "./route-table";
/** The request fields routing looks at. */
export type { RequestView } from "./request-view";
/** The sticky key that keeps a user on one side of a canary. */
export { stickyKeyOf } from "./sticky-key";
/** Monolith or service for one request. */
export { decide } from "./decide";
export type { Decision, ServiceCheck } from "./decide";
