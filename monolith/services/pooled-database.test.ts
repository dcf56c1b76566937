import { QueryFailedError, type DataSource, type EntityManager } from "typeorm";
import { PooledDatabase } from "./pooled-database";

const pgError = (code: string) => new QueryFailedError("UPDATE …", [], Object.assign(new Error(`pg ${code}`), { code }));

/** A DataSource stand-in whose transactions fail with the given codes first, then run the work. */
function fakeDataSource(failures: string[]): DataSource & { attempts: number } {
  const manager = {} as EntityManager;
  const fake = {
    attempts: 0,
    manager,
    transaction: async <T>(work: (m: EntityManager) => Promise<T>) => {
      fake.attempts += 1;
      const code = failures.shift();
      if (code) throw pgError(code);
      return work(manager);
    },
  };
  return fake as unknown as DataSource & { attempts: number };
}

describe("PooledDatabase", () => {
  it("runs a transaction again when PostgreSQL aborted it as a deadlock or a serialization failure", async () => {
    const dataSource = fakeDataSource(["40P01", "40001"]);
    await expect(new PooledDatabase(dataSource).write(async () => "done")).resolves.toBe("done");
    expect(dataSource.attempts).toBe(3);
  });

  it("never runs a transaction again for any other error", async () => {
    const dataSource = fakeDataSource(["23505"]);
    await expect(new PooledDatabase(dataSource).write(async () => "done")).rejects.toThrow("pg 23505");
    expect(dataSource.attempts).toBe(1);
  });

  it("gives up once the retry window has passed", async () => {
    const dataSource = fakeDataSource(Array(1000).fill("40P01"));
    await expect(new PooledDatabase(dataSource, 30).write(async () => "done")).rejects.toThrow("pg 40P01");
    expect(dataSource.attempts).toBeLessThan(1000);
  });

  it("lets units of work run side by side (the pool holds several connections)", async () => {
    const db = new PooledDatabase(fakeDataSource([]));
    const events: string[] = [];
    const unit = (name: string) => async () => {
      events.push(`${name}:start`);
      await new Promise<void>((resolve) => setImmediate(resolve));
      events.push(`${name}:done`);
    };
    await Promise.all([db.write(unit("a")), db.read(unit("b"))]);
    expect(events).toEqual(["a:start", "b:start", "a:done", "b:done"]);
  });
});
