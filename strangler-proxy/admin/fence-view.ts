import { leaseAgeMs, type FenceLease } from "../flags";

/** A fence lease as the admin API shows it (`GET /routes`, `GET /groups`). */
export interface FenceView {
  holder: string;
  reason: string | null;
  fencedAt: string;
  expiresAt: string;
  /** Milliseconds since the fence went on. */
  ageMs: number;
}

/** The view of a lease, or null without one (unfenced, or a reading instance that knows only the flag). */
export function fenceView(lease: FenceLease | undefined, now = Date.now()): FenceView | null {
  if (!lease) return null;
  return { holder: lease.holder, reason: lease.reason, fencedAt: lease.fencedAt, expiresAt: lease.expiresAt, ageMs: leaseAgeMs(lease, now) };
}
