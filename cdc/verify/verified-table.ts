import type { DataSource } from "typeorm";
import type { Row } from "../../contracts";
import type { KeyValue } from "../backfill/source-snapshot";

/** One target row as verify compares it, under the source key it was mapped from. */
export interface KeyedRow {
  key: KeyValue;
  row: Row;
}

/**
 * How to compare one source table with its rows in the target. `expected` must be the same pure
 * function the mapping writes with, so verify checks what the mapping would produce today.
 */
export interface VerifiedTable {
  /** Source table, with an entry in the mapping (used by repair). */
  table: string;
  /** Its one-column primary key in the source. */
  key: string;
  /** The target row a source row maps to (pure: no I/O, no clock). */
  expected(row: Row): Row;
  /** Up to `limit` target rows with a source key above `after` (all when null), in source key order. */
  readTarget(db: DataSource, after: KeyValue | null, limit: number): Promise<KeyedRow[]>;
  /**
   * The target rows of these source keys (any order), for a verify scoped to a few keys. Without
   * it, a scoped verify still compares the whole table and reports only those keys.
   */
  readTargetKeys?(db: DataSource, keys: readonly KeyValue[]): Promise<KeyedRow[]>;
}
