import type { DataSource, EntityManager } from "typeorm";
import { retryWhenBusy } from "../../platform";
import type { ShopDatabase } from "./shop-database";

/**
 * Runs the shop's database work one unit at a time: the ShopDatabase on SQLite (PostgreSQL has a
 * pool and uses pooled-database.ts).
 *
 * TypeORM drives better-sqlite3 through a single shared query runner: two transactions started
 * from concurrent requests would interleave on one connection (the second silently becomes a
 * savepoint of the first). Queueing every unit keeps each transaction whole and keeps reads from
 * seeing another request's uncommitted writes. Work stays short because SQLite calls are
 * synchronous; nothing here awaits the network.
 */
export class SerialDatabase implements ShopDatabase {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(readonly dataSource: DataSource) {}

  /**
   * Runs `work` inside one transaction: everything it writes commits together or not at all. The
   * sync processes write this database on their own connections; when one commits between the
   * unit's first read and its first write, SQLite refuses the unit whole and it runs again.
   */
  write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.enqueue(() => retryWhenBusy(() => this.dataSource.transaction(work)));
  }

  /** Runs read-only `work` between transactions. */
  read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.enqueue(() => work(this.dataSource.manager));
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
