import type { EntityManager } from "typeorm";
import { APPLIED_POSITIONS_TABLE as APPLIED } from "../sqlite/consumer-tables-v1";
import { runSql } from "../sqlite/sql-text";

/** Keys per query at most. Queries take 4, 16 or 64 keys (padded), so only three statement texts are ever prepared. */
export const STORED_POSITION_QUERY_KEYS = 64;

const QUERY_SIZES = [4, 16, STORED_POSITION_QUERY_KEYS];
const placeholders = (count: number) => Array.from({ length: count }, () => "?").join(", ");

/**
 * The stored positions (`_strangler_applied_positions`) of many keys of one source table, read in
 * `tx`: one query per STORED_POSITION_QUERY_KEYS keys (fewer placeholders for a few keys), answered
 * by the table's primary key, instead of one query per key. `keys` are key texts (keyText); a key without a stored position is absent
 * from the map.
 */
export async function readStoredPositions(tx: EntityManager, source: string, table: string, keys: readonly string[]): Promise<Map<string, number>> {
  const positions = new Map<string, number>();
  for (let first = 0; first < keys.length; first += STORED_POSITION_QUERY_KEYS) {
    const chunk = keys.slice(first, first + STORED_POSITION_QUERY_KEYS);
    const size = QUERY_SIZES.find((candidate) => candidate >= chunk.length)!;
    // Padded with a key already asked for: one of three statement texts, and nothing more found.
    while (chunk.length < size) chunk.push(chunk[0]);
    const rows = await runSql<Array<{ key: string; position: number | string }>>(
      tx,
      `SELECT "key", "position" FROM "${APPLIED}" WHERE "source" = ? AND "table_name" = ? AND "key" IN (${placeholders(size)})`,
      [source, table, ...chunk],
    );
    for (const row of rows) positions.set(row.key, Number(row.position));
  }
  return positions;
}
