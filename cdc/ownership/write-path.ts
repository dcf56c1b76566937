import type { WriteSide } from "./write-side";

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
  /** Compares both sides through the mapping; one line per drifted key (empty: no drift). */
  verify(): Promise<string[]>;
  close(): Promise<void>;
}
