import type { DataSource, EntityManager } from "typeorm";
import { driverErrorCode } from "../../platform";
import type { ShopDatabase } from "./shop-database";

/** serialization_failure, deadlock_detected: PostgreSQL rolled the transaction back whole; running it again is the fix. */
const RETRYABLE = new Set(["40001", "40P01"]);

/**
 * The shop's database on PostgreSQL: each unit of work takes a connection of the pool, so requests
 * run side by side. Transactions are READ COMMITTED (PostgreSQL's default): a conditional UPDATE
 * waits for a concurrent writer of the same row and then checks its condition again on the
 * committed row, which is what keeps stock from going below zero. Two transactions that lock rows
 * in opposite orders (orders of the same products listed differently) may deadlock; PostgreSQL
 * aborts one, and it runs again here (within `retryWithinMs`).
 */
export class PooledDatabase implements ShopDatabase {
  constructor(
    readonly dataSource: DataSource,
    private readonly retryWithinMs = 5000,
  ) {}

  async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.retryWithinMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction(work);
      } catch (err) {
        if (!RETRYABLE.has(driverErrorCode(err) ?? "") || Date.now() >= deadline) throw err;
        await new Promise((resolve) => setTimeout(resolve, Math.min(attempt * 5, 50)));
      }
    }
  }

  read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return work(this.dataSource.manager);
  }
}
