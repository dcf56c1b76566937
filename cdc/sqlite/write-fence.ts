import type { DataSource, EntityManager } from "typeorm";
import { CDC_ERROR_CODES, CdcError } from "../core/errors";
import { briefWrite, type BriefStatement } from "./brief-write";
import { runSql } from "./sql-text";
import { WRITE_FENCE_TABLE } from "./sqlite-write-fence-v1";

/** One fence row: while it exists, local writes to `table` are refused by the database. */
export interface WriteFenceRow {
  table: string;
  /** When the fence was (last) set, ISO 8601. */
  fencedAt: string;
  reason: string | null;
  /** Who set it: a cut-over's lease id, `ownership` for the non-owner's standing fence, or null (set before v2). */
  holder: string | null;
}

/** Holder of the fence a database keeps on the tables it does not own. */
export const OWNERSHIP_FENCE_HOLDER = "ownership";

type Db = DataSource | EntityManager;


async function assertInstalled(db: Db): Promise<void> {
  const rows = await runSql<Array<{ name: string }>>(db, `PRAGMA table_info("${WRITE_FENCE_TABLE}")`).catch(() => []);
  if (rows.some((row) => row.name === "holder")) return;
  throw new CdcError(
    CDC_ERROR_CODES.writeFenceMissing,
    rows.length === 0
      ? `This database has no write fence (no "${WRITE_FENCE_TABLE}" table): run the migrations that install the write fence (installSqliteWriteFenceV1, e.g. migrations/catalog/*-install-write-fence.ts).`
      : `This database's write fence predates fence holders: run the migrations that upgrade it (upgradeSqliteWriteFenceV2, e.g. migrations/catalog/*-install-ownership.ts).`,
  );
}

/** Runs statements in the caller's transaction (an EntityManager) or as one brief write of their own. */
async function write(db: Db, statements: BriefStatement[]): Promise<number[]> {
  if (!("connection" in db)) return briefWrite(db, statements);
  const changed: number[] = [];
  for (const statement of statements) {
    await runSql(db, statement.sql, statement.parameters ?? []);
    changed.push(-1);
  }
  return changed;
}

/**
 * Fences `tables` (one brief transaction): from its commit on, every write to them that is not a sync
 * writer's (capture origin set) is refused by the database. Setting it again replaces time, reason
 * and holder.
 */
export async function setWriteFence(db: Db, tables: readonly string[], reason: string, holder: string = OWNERSHIP_FENCE_HOLDER): Promise<void> {
  await assertInstalled(db);
  const fencedAt = new Date().toISOString();
  await write(
    db,
    tables.map((table) => ({
      sql: `INSERT INTO "${WRITE_FENCE_TABLE}" ("table_name", "fenced_at", "reason", "holder") VALUES (?, ?, ?, ?)
              ON CONFLICT ("table_name") DO UPDATE SET "fenced_at" = excluded."fenced_at", "reason" = excluded."reason", "holder" = excluded."holder"`,
      parameters: [table, fencedAt, reason, holder],
    })),
  );
}

/**
 * Lifts the fence of `tables` (one brief transaction); tables not fenced are ignored. With
 * `onlyHolder`, only rows that holder set are lifted: a row set again by somebody else since stays.
 * Resolves with the number of rows lifted (-1 per statement when run inside the caller's transaction).
 */
export async function liftWriteFence(db: Db, tables: readonly string[], options: { onlyHolder?: string | null } = {}): Promise<number> {
  await assertInstalled(db);
  const byHolder = options.onlyHolder !== undefined;
  const changed = await write(
    db,
    tables.map((table) => ({
      sql: `DELETE FROM "${WRITE_FENCE_TABLE}" WHERE "table_name" = ?${byHolder ? ` AND "holder" IS ?` : ""}`,
      parameters: byHolder ? [table, options.onlyHolder] : [table],
    })),
  );
  return changed.reduce((sum, count) => sum + count, 0);
}

/** The fence rows, by table name. */
export async function readWriteFence(db: Db): Promise<WriteFenceRow[]> {
  await assertInstalled(db);
  const rows = await runSql<Array<{ table_name: string; fenced_at: string; reason: string | null; holder: string | null }>>(
    db,
    `SELECT "table_name", "fenced_at", "reason", "holder" FROM "${WRITE_FENCE_TABLE}" ORDER BY "table_name"`,
  );
  return rows.map((row) => ({ table: row.table_name, fencedAt: row.fenced_at, reason: row.reason, holder: row.holder }));
}

