import type { DrainStatus, KeyValue, LogPositions, VerifyOutcome } from "../../../cdc";

/** Which side owns a write group's tables: the one the proxy routes the group's writes to. */
export type Owner = "monolith" | "service";

export const otherSide = (owner: Owner): Owner => (owner === "monolith" ? "service" : "monolith");

/** The proxy's part of a cut-over (admin API). */
export interface ProxyControl {
  /** Where the group's routes send writes now; fails for an unknown group or routes at mixed stages. */
  ownerOf(group: string): Promise<Owner>;
  /** 503 + Retry-After for the group's routes on every proxy instance. */
  fence(group: string, reason: string): Promise<void>;
  unfence(group: string, reason: string): Promise<void>;
  /** Routes all of the group's traffic to `owner` (forced: writes have no shadow samples to gate on). */
  route(group: string, owner: Owner, reason: string): Promise<void>;
}

/** The databases' part of a cut-over: write fences, change-log heads, drain and verify. */
export interface DatabaseControl {
  isFenced(side: Owner): Promise<boolean>;
  fence(side: Owner, reason: string): Promise<void>;
  unfence(side: Owner): Promise<void>;
  /** Highest position of the side's change log. */
  head(side: Owner): Promise<number>;
  /**
   * Waits until the other side took every change of the moved tables `from` logged up to
   * `through`; positions up to `after` are known drained already.
   */
  drain(from: Owner, through: number, signal: AbortSignal, after?: number): Promise<DrainStatus>;
  /** Changes of `from`'s stream the other side parked (they block a drain). */
  parked(from: Owner): Promise<number>;
  /** Compares every row of the moved tables. */
  verify(): Promise<VerifyOutcome>;
  /** Compares the rows changed in either database after `since`, and `keys`. */
  verifyChangedSince(since: LogPositions, keys: Readonly<Record<string, readonly KeyValue[]>>): Promise<VerifyOutcome>;
}
