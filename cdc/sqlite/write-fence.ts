import type { DataSource, EntityManager } from "typeorm";
import { CDC_ERROR_CODES, CdcError } from "../core/errors";
import { briefWrite, type BriefStatement } from "./brief-write";
import { runSql } from "./sql-text";
import { WRITE_FENCE_TABLE } from "./sqlite-write-fence-v1";

/** The fence statements of one dialect (PostgreSQL: pg-write-fence-v1, a row per guarded table with `fenced`). */
interface FenceSql {
  installed(db: Db): Promise<"yes" | "no" | "old">;
  set: string;
  lift(byHolder: boolean): string;
  read: string;
  /** The fenced ones among `count` tables (`?` each). */
  among(count: number): string;
}

const SQLITE_FENCE: FenceSql = {
  async installed(db) {
    const rows = await runSql<Array<{ name: string }>>(db, `PRAGMA table_info("${WRITE_FENCE_TABLE}")`).catch(() => []);
    return rows.some((row) => row.name === "holder") ? "yes" : rows.length === 0 ? "no" : "old";
  },
  set: `INSERT INTO "${WRITE_FENCE_TABLE}" ("table_name", "fenced_at", "reason", "holder") VALUES (?, ?, ?, ?)
          ON CONFLICT ("table_name") DO UPDATE SET "fenced_at" = excluded."fenced_at", "reason" = excluded."reason", "holder" = excluded."holder"`,
  lift: (byHolder) => `DELETE FROM "${WRITE_FENCE_TABLE}" WHERE "table_name" = ?${byHolder ? ` AND "holder" IS ?` : ""}`,
  read: `SELECT "table_name", "fenced_at", "reason", "holder" FROM "${WRITE_FENCE_TABLE}" ORDER BY "table_name"`,
  among: (count) => `SELECT "table_name" FROM "${WRITE_FENCE_TABLE}" WHERE "table_name" IN (${Array(count).fill("?").join(", ")})`,
};

const POSTGRES_FENCE: FenceSql = {
  async installed(db) {
    const [row] = await runSql<Array<{ present: boolean }>>(db, `SELECT to_regclass('strangler.write_fence') IS NOT NULL AS "present"`);
    return row.present ? "yes" : "no";
  },
  set: `INSERT INTO strangler.write_fence (table_name, fenced, fenced_at, reason, holder) VALUES (?, true, ?, ?, ?)
          ON CONFLICT (table_name) DO UPDATE SET fenced = true, fenced_at = excluded.fenced_at, reason = excluded.reason, holder = excluded.holder`,
  lift: (byHolder) =>
    `UPDATE strangler.write_fence SET fenced = false, fenced_at = NULL, reason = NULL, holder = NULL WHERE table_name = ? AND fenced${byHolder ? ` AND holder IS NOT DISTINCT FROM ?` : ""}`,
  read: `SELECT table_name, fenced_at, reason, holder FROM strangler.write_fence WHERE fenced ORDER BY table_name`,
  among: (count) => `SELECT table_name FROM strangler.write_fence WHERE fenced AND table_name IN (${Array(count).fill("?").join(", ")})`,
};

function fenceSql(db: Db): FenceSql {
  const type = "connection" in db ? db.connection.options.type : db.options.type;
  return type === "postgres" ? POSTGRES_FENCE : SQLITE_FENCE;
}

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
  const installed = await fenceSql(db).installed(db);
  if (installed === "yes") return;
  throw new CdcError(
    CDC_ERROR_CODES.writeFenceMissing,
    installed === "no"
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
  const sql = fenceSql(db).set;
  await write(
    db,
    tables.map((table) => ({ sql, parameters: [table, fencedAt, reason, holder] })),
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
  const sql = fenceSql(db).lift(byHolder);
  const changed = await write(
    db,
    tables.map((table) => ({ sql, parameters: byHolder ? [table, options.onlyHolder] : [table] })),
  );
  return changed.reduce((sum, count) => sum + count, 0);
}

/** The fence rows, by table name. */
export async function readWriteFence(db: Db): Promise<WriteFenceRow[]> {
  await assertInstalled(db);
  const rows = await runSql<Array<{ table_name: string; fenced_at: string; reason: string | null; holder: string | null }>>(db, fenceSql(db).read);
  return rows.map((row) => ({ table: row.table_name, fencedAt: row.fenced_at, reason: row.reason, holder: row.holder }));
}


/** Which of `tables` are fenced now (read in the caller's transaction when given an EntityManager). */
export async function fencedAmong(db: Db, tables: readonly string[]): Promise<Set<string>> {
  if (tables.length === 0) return new Set();
  const rows = await runSql<Array<{ table_name: string }>>(db, fenceSql(db).among(tables.length), [...tables]);
  return new Set(rows.map((row) => row.table_name));
}
