import type { DataSource, QueryRunner } from "typeorm";

/** Runs `work` in one transaction of its own on `db`: all of it, or (on a throw) nothing. */
export async function inTransaction(db: DataSource, work: (runner: QueryRunner) => Promise<void>): Promise<void> {
  const runner = db.createQueryRunner();
  try {
    await runner.startTransaction();
    await work(runner);
    await runner.commitTransaction();
  } catch (err) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw err;
  } finally {
    await runner.release();
  }
}
