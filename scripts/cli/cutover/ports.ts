import type { CutoverLease, DrainProgress, DrainStatus, DrainWait, HeldLease, KeyValue, LogPositions, Owner, OwnershipRecord, VerifyOutcome } from "../../../cdc";

export type { Owner };

/**
 * Everything a cut-over drives, for one write group (docs/write-path.md): the ownership record and
 * its lease (service database), both databases' write fences, change-log heads, drain and verify,
 * and the proxy's fence and routing. `groupControl` implements it over cdc's WriteGroup; the unit
 * tests over a fake.
 */
export interface CutoverControl {
  readonly group: string;
  record(): Promise<OwnershipRecord>;
  lease(): Promise<CutoverLease | null>;
  acquire(input: { from: Owner; to: Owner; reason: string; holder: string; leaseMs: number }): Promise<HeldLease | null>;
  takeOver(lease: HeldLease, holder: string, leaseMs: number): Promise<HeldLease | null>;
  /** Extends the lease and notes the step; false when it was lost (expired, taken over). */
  renew(held: HeldLease, leaseMs: number, step?: string): Promise<boolean>;
  release(held: HeldLease): Promise<boolean>;
  /** The commit point: `to` owns the group, if `held` is still the live lease. */
  commit(held: HeldLease, to: Owner, reason: string): Promise<boolean>;
  /** Makes fences and routing agree with the record (finish or undo), holding `held`; what it did, in words. */
  settle(held: HeldLease): Promise<string[]>;

  isFenced(side: Owner): Promise<boolean>;
  fence(side: Owner, holder: string, reason: string): Promise<void>;
  /** Lifts the side's fence rows `holder` holds. */
  open(side: Owner, holder: string): Promise<void>;
  /** Highest position of the side's change log. */
  head(side: Owner): Promise<number>;
  /**
   * Inside the fence (writes refused): waits until the other side took every change of the moved
   * tables `from` logged up to `through` (past `after`), for at most `--drain-timeout`.
   */
  drain(from: Owner, through: number, signal: AbortSignal, after?: number): Promise<DrainStatus>;
  /**
   * Before any fence (writes still flow): the same wait, for as long as it makes progress; it gives
   * up only after `--catch-up-stall` without any (`gaveUp: "stalled"`). Progress after each poll.
   */
  catchUp(from: Owner, through: number, signal: AbortSignal, after: number | undefined, onProgress?: (status: DrainStatus, progress: DrainProgress) => void): Promise<DrainWait>;
  /** Changes of `from`'s stream the other side parked (they block a drain). */
  parked(from: Owner): Promise<number>;
  verify(): Promise<VerifyOutcome>;
  verifyChangedSince(since: LogPositions, keys: Readonly<Record<string, readonly KeyValue[]>>): Promise<VerifyOutcome>;

  /** The proxy's fence of the group (a lease held by `holder`) and its routing. */
  proxyFence(holder: string, leaseMs: number, reason: string): Promise<void>;
  proxyUnfence(holder: string, reason: string): Promise<void>;
}
