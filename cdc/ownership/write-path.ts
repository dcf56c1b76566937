import type { KeyValue } from "../backfill/source-snapshot";
import type { Owner } from "./owner";
import type { WriteSide } from "./write-side";

/** What a verify of a write path found. */
export interface VerifyOutcome {
  /** One line per drifted key (empty: both sides agree). */
  drift: string[];
  /** The drifted keys per source table, to compare again later (or repair). */
  keys: Record<string, KeyValue[]>;
  /** Rows compared. */
  compared: number;
}

/** Change-log positions of both databases: "changed since" these. */
export interface LogPositions {
  monolith: number;
  service: number;
}

/** What a repair did per key, one line each. */
export interface RepairOutcome {
  repaired: string[];
}

/**
 * What a service hands `strangler cutover`, `strangler verify` and its ownership keeper: the route
 * group its writes move with, both databases with the moved tables, its verify and its repair in
 * either direction. A service provides it from `cli/write-path.ts` (`WRITE_GROUP` and
 * `openWritePath(env)`), found by convention like `cli/verify-main.ts`.
 */
export interface WritePath {
  /** The service's name (its folder under `extracted/`). */
  service: string;
  /** The proxy route group of the moved write routes, e.g. `catalog-writes`. */
  writeGroup: string;
  /** Both sides; the service's database also holds the group's ownership record and cut-over lease. */
  sides: { monolith: WriteSide; service: WriteSide };
  /** Compares both sides through the mapping, every row. */
  verify(): Promise<VerifyOutcome>;
  /**
   * Compares only the rows changed in either database after `since`, and `keys`: after a full
   * verify at `since`, that is all that can have drifted since (a cut-over's window stays short
   * whatever the size of the tables).
   */
  verifyChangedSince(since: LogPositions, keys: Readonly<Record<string, readonly KeyValue[]>>): Promise<VerifyOutcome>;
  /**
   * Copies the rows of `keys` (as verify names them) from `from` — always the owner — to the other
   * side, through the mapping of that direction, as sync would (the copy is marked with `from`'s
   * capture origin, so it passes the other side's write fence and is never sent back).
   */
  repair(keys: Readonly<Record<string, readonly KeyValue[]>>, from: Owner): Promise<RepairOutcome>;
  close(): Promise<void>;
}
