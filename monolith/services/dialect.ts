import type { DataSource, EntityManager } from "typeorm";

/** True when the shop's database is PostgreSQL (false: SQLite). */
export function isPostgres(source: DataSource | EntityManager): boolean {
  const dataSource = "connection" in source ? source.connection : source;
  return dataSource.options.type === "postgres";
}

/**
 * Holds a lock named `name` until the caller's transaction ends, so two units of work about the same
 * thing (a stock movement's key) run one after the other. PostgreSQL: a transaction-level advisory
 * lock (a 64-bit hash of the name; a collision only makes two units wait for each other). SQLite:
 * nothing to do, one writer at a time holds the whole database.
 */
export async function lockUntilCommit(manager: EntityManager, name: string): Promise<void> {
  if (isPostgres(manager)) await manager.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [name]);
}

/**
 * Locks the stock rows of `productIds` in id order until the caller's transaction ends. Every unit
 * of work that changes the stock of several products takes this first, so two of them never wait
 * on each other in a circle (an order of A then B beside one of B then A would deadlock on
 * PostgreSQL's row locks). SQLite: nothing to do, one writer at a time holds the whole database.
 */
export async function lockStockRows(manager: EntityManager, productIds: readonly number[]): Promise<void> {
  if (!isPostgres(manager) || productIds.length < 2) return;
  await manager.query("SELECT product_id FROM stock_levels WHERE product_id = ANY($1) ORDER BY product_id FOR UPDATE", [[...productIds]]);
}
