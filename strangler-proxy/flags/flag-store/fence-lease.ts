/**
 * The fence of a route group as a lease: the holder (a running cut-over, or an operator) keeps the
 * group fenced only while it renews the lease before it expires. A holder that dies cannot leave
 * every write of the group answered 503: the flag store host lifts the fence once the lease runs out.
 *
 * This file decides (pure functions from the current lease and a request to a plan); the flag store
 * writes the plan (fence flags, lease row, audit rows) in one transaction.
 */

/** Lease length when the request names none. */
export const DEFAULT_LEASE_MS = 30_000;
export const MIN_LEASE_MS = 1000;
export const MAX_LEASE_MS = 600_000;
/** The actor of the audit rows written when the host lifts a fence nobody renewed. */
export const LEASE_EXPIRY_ACTOR = "lease-expiry";

/** A group's fence lease as the store holds it. */
export interface FenceLease {
  group: string;
  holder: string;
  reason: string | null;
  /** The routes fenced under this lease (lifted with it, even if the route table changed since). */
  routeIds: readonly string[];
  /** When the fence went on (kept across renewals). */
  fencedAt: string;
  renewedAt: string;
  expiresAt: string;
}

/** Who asked, for the audit table. */
export interface Requester {
  actor: string;
  sourceAddress?: string;
  requestId?: string;
}

/** Fence a group, or renew the lease its holder already has. */
export interface FenceRequest extends Requester {
  group: string;
  routeIds: readonly string[];
  holder: string;
  leaseMs: number;
  reason?: string;
}

/** Lift a group's fence: by its holder (`holder` set), or by an operator (no holder: always allowed). */
export interface LiftRequest extends Requester {
  group: string;
  routeIds: readonly string[];
  holder?: string;
  reason?: string;
}

/** What the store writes in one transaction: fence flags, the lease row, and audit rows. */
export interface FencePlan {
  fenced: boolean;
  routeIds: readonly string[];
  /** The lease row to write (fence or renewal), or the group whose lease row to delete (lift). */
  lease?: { save: FenceLease } | { remove: string };
  audit: Requester & { reason: string };
  /** Also audit routes whose flag does not change (a fence taken over from an expired lease). */
  auditUnchanged: boolean;
  log: { level: "info" | "warn" | "debug"; message: string; fields: Record<string, unknown> };
}

/** The decision on a fence request. */
export type FenceDecision = { held: FenceLease } | { plan: FencePlan; lease: FenceLease; renewed: boolean };

/** The decision on a lift request; `plan` absent = nothing to lift (a no-op). */
export type LiftDecision = { held: FenceLease } | { plan?: FencePlan };

/** Whether the lease still holds at `now` (ms since the epoch). */
export function isLive(lease: Pick<FenceLease, "expiresAt">, now: number): boolean {
  return Date.parse(lease.expiresAt) > now;
}

/** Milliseconds since the fence went on. */
export function leaseAgeMs(lease: Pick<FenceLease, "fencedAt">, now: number): number {
  return Math.max(0, now - Date.parse(lease.fencedAt));
}

const seconds = (ms: number) => `${(Math.max(0, ms) / 1000).toFixed(1)} s`;

/** "held by cutover:catalog:41 (reason: move writes) for 12.3 s, expires in 17.7 s unless renewed". */
export function describeHold(lease: FenceLease, now: number): string {
  return (
    `held by ${lease.holder} (reason: ${lease.reason ?? "none given"}) for ${seconds(leaseAgeMs(lease, now))}, ` +
    `expires in ${seconds(Date.parse(lease.expiresAt) - now)} unless renewed`
  );
}

const limit = (text: string) => (text.length > 1000 ? `${text.slice(0, 999)}…` : text);
const iso = (ms: number) => new Date(ms).toISOString();
const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];

/** The reason of the audit rows when the host lifts an expired lease. */
export function expiryReason(lease: FenceLease, now: number): string {
  return limit(
    `lease of ${lease.holder} expired: held since ${lease.fencedAt}, not renewed for ${Math.max(0, now - Date.parse(lease.renewedAt))} ms` +
      (lease.reason ? ` (fenced for: ${lease.reason})` : ""),
  );
}

/**
 * Fence or renew. A live lease of another holder refuses (nothing changes); the same holder renews
 * (no audit row: the fence stays on); otherwise the fence goes on with a new lease (audited), also
 * over an expired lease not lifted yet (audited as taken over, the flags never go off between).
 */
export function decideFence(existing: FenceLease | undefined, request: FenceRequest, now: number): FenceDecision {
  const live = existing !== undefined && isLive(existing, now);
  if (existing && live && existing.holder !== request.holder) return { held: existing };
  const renewed = Boolean(existing && live);
  const at = iso(now);
  const lease: FenceLease = {
    group: request.group,
    holder: request.holder,
    reason: request.reason ?? (renewed ? existing!.reason : null),
    routeIds: renewed ? union(existing!.routeIds, request.routeIds) : request.routeIds,
    fencedAt: renewed ? existing!.fencedAt : at,
    renewedAt: at,
    expiresAt: iso(now + request.leaseMs),
  };
  const takenOver = existing && !live ? `${expiryReason(existing, now)}; fence taken over by ${request.holder}` : undefined;
  const own = `fenced by ${request.holder} (lease ${request.leaseMs} ms)${request.reason ? `: ${request.reason}` : ""}`;
  const plan: FencePlan = {
    fenced: true,
    routeIds: existing && !live ? union(existing.routeIds, lease.routeIds) : lease.routeIds,
    lease: { save: lease },
    audit: { actor: request.actor, sourceAddress: request.sourceAddress, requestId: request.requestId, reason: limit(takenOver ? `${takenOver}; ${own}` : own) },
    auditUnchanged: takenOver !== undefined,
    log: renewed
      ? { level: "debug", message: "fence lease renewed", fields: { group: request.group, holder: request.holder, expiresAt: lease.expiresAt } }
      : {
          level: "info",
          message: "routes fenced",
          fields: { group: request.group, routeIds: lease.routeIds, holder: request.holder, expiresAt: lease.expiresAt, actor: request.actor, reason: request.reason },
        },
  };
  return { plan, lease, renewed };
}

/**
 * Lift. A holder that is not the live lease's holder is refused (nothing changes); an operator
 * (no holder) always may. `fencedRoutes` are the group's routes whose fence flag is on now; with no
 * lease and none on, there is nothing to lift.
 */
export function decideLift(existing: FenceLease | undefined, request: LiftRequest, fencedRoutes: readonly string[], now: number): LiftDecision {
  if (request.holder !== undefined && existing && isLive(existing, now) && existing.holder !== request.holder) return { held: existing };
  if (!existing && fencedRoutes.length === 0) return {};
  const routeIds = union(request.routeIds, existing?.routeIds ?? []);
  const by =
    request.holder !== undefined
      ? `lifted by ${request.holder}`
      : `lifted by an operator (manual lift${existing ? ` of the lease of ${existing.holder}, held since ${existing.fencedAt}` : ""})`;
  return {
    plan: {
      fenced: false,
      routeIds,
      lease: { remove: request.group },
      audit: { actor: request.actor, sourceAddress: request.sourceAddress, requestId: request.requestId, reason: limit(`${by}${request.reason ? `: ${request.reason}` : ""}`) },
      auditUnchanged: false,
      log: { level: "info", message: "routes opened", fields: { group: request.group, routeIds, holder: request.holder, actor: request.actor, reason: request.reason } },
    },
  };
}

/** The host lifts a lease nobody renewed in time. */
export function expiryPlan(lease: FenceLease, now: number): FencePlan {
  const reason = expiryReason(lease, now);
  return {
    fenced: false,
    routeIds: lease.routeIds,
    lease: { remove: lease.group },
    audit: { actor: LEASE_EXPIRY_ACTOR, reason },
    auditUnchanged: false,
    log: {
      level: "warn",
      message: "fence lease expired: the fence is lifted",
      fields: { group: lease.group, holder: lease.holder, routeIds: lease.routeIds, fencedAt: lease.fencedAt, renewedAt: lease.renewedAt, expiresAt: lease.expiresAt, reason },
    },
  };
}

/** A fence flag left on without a lease (set by a version without leases): lifted at open. */
export function orphanFencePlan(routeIds: readonly string[]): FencePlan {
  const reason = "fence left on without a lease (set by a version without fence leases, nobody can renew it): lifted at start";
  return {
    fenced: false,
    routeIds,
    audit: { actor: LEASE_EXPIRY_ACTOR, reason },
    auditUnchanged: false,
    log: { level: "warn", message: "fence without a lease: the fence is lifted", fields: { routeIds, reason } },
  };
}
