import type { KeyValue } from "../backfill/source-snapshot";
import type { WriteSide } from "./write-side";

/** What a verify of a write path found. */
export interface VerifyOutcome {
  /** One line per drifted key (empty: both sides agree). */
  drift: string[];
  /** The drifted keys per source table, to compare again later. */
  keys: Record<string, KeyValue[]>;
  /** Rows compared. */
  compared: number;
}

/** Change-log positions of both databases: "changed since" these. */
export interface LogPositions {
  monolith: number;
  service: number;
}

/**
 * What a service hands `strangler cutover`: the route group its writes move with, both databases
 * with the moved tables, and its verify. A service provides it from `cli/write-path.ts`
 * (`WRITE_GROUP` and `openWritePath(env)`), found by convention like `cli/verify-main.ts`.
 */
export interface WritePath {
  /** The service's name (its folder under `extracted/`). */
  service: string;
  /** The proxy route group of the moved write routes, e.g. `catalog-writes`. */
  writeGroup: string;
  sides: { monolith: WriteSide; service: WriteSide };
  /** Compares both sides through the mapping, every row. */
  verify(): Promise<VerifyOutcome>;
  /**
   * Compares only the rows changed in either database after `since`, and `keys`: after a full
   * verify at `since`, that is all that can have drifted since (a cut-over's window stays short
   * whatever the size of the tables).
   */
  verifyChangedSince(since: LogPositions, keys: Readonly<Record<string, readonly KeyValue[]>>): Promise<VerifyOutcome>;
  close(): Promise<void>;
}
