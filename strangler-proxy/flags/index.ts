/**
 * Flags: the FlagSource port, the unleash-client adapter, the flag naming convention and the
 * embedded flag store that serves the Unleash client API.
 */
export type { FlagDefinition, FlagSource } from "./flag-source";
/** Flag names per route: `strangler.route.<id>`, `strangler.route.<id>.shadow`, `strangler.route.<id>.fence`. */
export { fenceFlagName, routeFlagName, shadowFlagName } from "./flag-names";
/** Stage ⇄ flags conversion (the convention documented in docs/proxy.md). */
export { describeStage, flagsForStage, stageFromFlags } from "./route-stage";
export type { RouteStage, StageFlags } from "./route-stage";
/** The one reader of a route's stage, shadow and fence flags (decide, fence, shadow, upgrades, admin API). */
export { RouteFlags } from "./route-flags";
export type { RouteFlagNames, RouteState } from "./route-flags";
/** Flags read with unleash-client from the embedded store or a real Unleash. */
export { UnleashFlagSource } from "./unleash-flag-source";
export type { UnleashFlagSourceOptions } from "./unleash-flag-source";
/** The embedded flag store (`flags.sqlite`) and its Unleash client API. */
export { FlagStore } from "./flag-store/flag-store";
export type { AppliedChange, FeaturesSnapshot, FenceOutcome, FlagStoreOptions, LiftOutcome, StageChange } from "./flag-store/flag-store";
/** Fences as leases: a holder keeps a group fenced only while it renews the lease. */
export { DEFAULT_LEASE_MS, MAX_LEASE_MS, MIN_LEASE_MS, LEASE_EXPIRY_ACTOR, describeHold, isLive, leaseAgeMs } from "./flag-store/fence-lease";
export type { FenceLease, FenceRequest, LiftRequest } from "./flag-store/fence-lease";
export { clientApi } from "./flag-store/client-api";
export type { ClientApi, ClientApiOptions } from "./flag-store/client-api";
export { toClientFeature } from "./flag-store/unleash-format";
export type { ClientFeature } from "./flag-store/unleash-format";
