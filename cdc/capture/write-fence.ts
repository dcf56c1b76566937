import type { DataSource, EntityManager } from "typeorm";
import { CdcError } from "../core/errors";
import { runSql } from "./sql-text";
import { WRITE_FENCE_TABLE } from "./sqlite-write-fence-v1";

/** One fence row: while it exists, local writes to `table` are refused by the database. */
export interface WriteFenceRow {
  table: string;
  /** When the fence was (last) set, ISO 8601. */
  fencedAt: string;
  reason: string | null;
}

type Db = DataSource | EntityManager;

const managerOf = (db: Db): EntityManager => ("connection" in db ? db : db.manager);

async function assertInstalled(db: Db): Promise<void> {
  const manager = managerOf(db);
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    if (await runner.hasTable(WRITE_FENCE_TABLE)) return;
  } finally {
    if (runner !== manager.queryRunner) await runner.release();
  }
  throw new CdcError(
    "CDC_ERR_WRITE_FENCE_MISSING",
    `This database has no write fence (no "${WRITE_FENCE_TABLE}" table): run the migrations that install the write fence (installSqliteWriteFenceV1, e.g. migrations/catalog/*-install-write-fence.ts).`,
  );
}

/**
 * Fences `tables` (one transaction): from its commit on, every write to them that is not a sync
 * writer's (capture origin set) is refused by the database. Setting it again replaces time and reason.
 */
export async function setWriteFence(db: Db, tables: string[], reason: string): Promise<void> {
  await assertInstalled(db);
  const fencedAt = new Date().toISOString();
  await managerOf(db).transaction(async (tx) => {
    for (const table of tables) {
      await runSql(
        tx,
        `INSERT INTO "${WRITE_FENCE_TABLE}" ("table_name", "fenced_at", "reason") VALUES (?, ?, ?)
           ON CONFLICT ("table_name") DO UPDATE SET "fenced_at" = excluded."fenced_at", "reason" = excluded."reason"`,
        [table, fencedAt, reason],
      );
    }
  });
}

/** Lifts the fence of `tables` (one transaction); tables not fenced are ignored. */
export async function liftWriteFence(db: Db, tables: string[]): Promise<void> {
  await assertInstalled(db);
  await managerOf(db).transaction(async (tx) => {
    for (const table of tables) await runSql(tx, `DELETE FROM "${WRITE_FENCE_TABLE}" WHERE "table_name" = ?`, [table]);
  });
}

/** The fence rows, by table name. */
export async function readWriteFence(db: Db): Promise<WriteFenceRow[]> {
  await assertInstalled(db);
  const rows = await runSql<Array<{ table_name: string; fenced_at: string; reason: string | null }>>(
    db,
    `SELECT "table_name", "fenced_at", "reason" FROM "${WRITE_FENCE_TABLE}" ORDER BY "table_name"`,
  );
  return rows.map((row) => ({ table: row.table_name, fencedAt: row.fenced_at, reason: row.reason }));
}
