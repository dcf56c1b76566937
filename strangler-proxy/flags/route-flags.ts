import { fenceFlagName, routeFlagName, shadowFlagName } from "./flag-names";
import type { FlagSource } from "./flag-source";
import { stageFromFlags, type RouteStage } from "./route-stage";

/** The three flags of one route (docs/proxy.md, "Stages and the flag convention"). */
export interface RouteFlagNames {
  /** `strangler.route.<id>`: on with rollout N sends N% of users to the service. */
  readonly primary: string;
  /** `strangler.route.<id>.shadow`: mirrors the route to its service. */
  readonly shadow: string;
  /** `strangler.route.<id>.fence`: the proxy answers 503 + Retry-After instead of forwarding. */
  readonly fence: string;
}

/** A route's stage and whether its fence flag is on, as the admin API reports them from the flags. */
export type RouteState = RouteStage & { fenced: boolean };

/**
 * The one reader of a route's flags: decide, fence, shadow, upgrades and the admin API ask here,
 * never the FlagSource by flag name. Built once per app from the flag source and the route ids; the
 * names are computed then, so a request only looks its route up. Nothing here throws (the flag
 * source's checks never do): an unknown flag is off, i.e. the monolith, no fence, no shadow.
 */
export class RouteFlags {
  private readonly byRoute = new Map<string, RouteFlagNames>();

  constructor(
    private readonly source: FlagSource,
    routeIds: Iterable<string>,
  ) {
    for (const id of routeIds) this.byRoute.set(id, flagNamesOf(id));
  }

  /** The flag names of a route (those of an id outside the route table are computed on the spot). */
  names(routeId: string): RouteFlagNames {
    return this.byRoute.get(routeId) ?? flagNamesOf(routeId);
  }

  /**
   * Whether the route's service takes this request now. A flag that answers the same for everyone
   * (`FlagSource.fixedValue`, kept per change) answers without `stickyKey`; only a canary computes
   * the user's key and is evaluated. A property bound to this instance, so it can be handed to
   * routing's `decide` (its `ServiceCheck`) without a closure per request.
   */
  readonly inService = (routeId: string, stickyKey: () => string): boolean => {
    const flag = this.names(routeId).primary;
    return this.source.fixedValue(flag) ?? this.source.isEnabled(flag, stickyKey());
  };

  /** Whether the proxy refuses this request of the route now (its fence flag; a partial fence buckets by request id). */
  fenced(routeId: string, requestId: string): boolean {
    const flag = this.names(routeId).fence;
    return this.source.fixedValue(flag) ?? this.source.isEnabled(flag, requestId);
  }

  /**
   * Whether the route's monolith-side requests are mirrored now: its shadow flag is on (stage
   * `shadow`), or, when `duringCanary` (the route's `shadow.duringCanary`), its primary flag is on
   * for some users (the users still on the monolith are mirrored).
   */
  shadowWanted(routeId: string, duringCanary: boolean): boolean {
    const names = this.names(routeId);
    const shadow = this.source.definition(names.shadow);
    if (shadow?.enabled && shadow.rollout !== 0) return true;
    if (!duringCanary) return false;
    const primary = this.source.definition(names.primary);
    return Boolean(primary?.enabled && primary.rollout !== 0);
  }

  /** The route's stage derived from its primary and shadow flags (`stageFromFlags`). */
  stage(routeId: string): RouteStage {
    const names = this.names(routeId);
    return stageFromFlags(this.source.definition(names.primary), this.source.definition(names.shadow));
  }

  /** Whether the route's fence flag is switched on (its definition, as the admin API reports it; `fenced` is what a request meets). */
  fenceFlagOn(routeId: string): boolean {
    return this.source.definition(this.names(routeId).fence)?.enabled ?? false;
  }

  /** The stage and the fence flag together (the admin API's view of an instance that reads its flags). */
  state(routeId: string): RouteState {
    return { ...this.stage(routeId), fenced: this.fenceFlagOn(routeId) };
  }
}

function flagNamesOf(routeId: string): RouteFlagNames {
  return Object.freeze({ primary: routeFlagName(routeId), shadow: shadowFlagName(routeId), fence: fenceFlagName(routeId) });
}
