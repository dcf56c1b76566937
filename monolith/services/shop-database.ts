import type { EntityManager } from "typeorm";

/**
 * How the shop's services reach their database, on SQLite and PostgreSQL alike. SQLite: one unit
 * of work at a time on its single connection (serial-database.ts). PostgreSQL: units run side by
 * side on the pool (pooled-database.ts); the services keep each write safe under that concurrency
 * with conditional updates and locks (dialect.ts). services/index.ts picks by the DataSource.
 */
export interface ShopDatabase {
  /** Runs `work` inside one transaction: everything it writes commits together or not at all. */
  write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T>;
  /** Runs read-only `work` outside a transaction. */
  read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T>;
}
