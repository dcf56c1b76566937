import type { DataSource } from "typeorm";
import { PG_CAPTURE_TRIGGERS } from "../postgres/pg-capture-v1";
import { runSql } from "../sqlite/sql-text";

/** What `strangler capture status` reports of one database. */
export interface CaptureStatus {
  dialect: "postgres" | "sqlite";
  installed: boolean;
  /** The source name changes carry (null when not installed). */
  source: string | null;
  /** Captured tables (`schema.table` on PostgreSQL), sorted. */
  tables: string[];
  /** Changes in the log now (the relay prunes published ones after their retention). */
  changes: number;
  /** The capture version of the log (PostgreSQL 1 or 2: docs/postgres.md; SQLite: null). */
  version?: number | null;
  /** Highest position in the log (0 when empty). */
  head: number;
  oldestCommittedAt: string | null;
}

interface LogNumbers {
  changes: number | string;
  head: number | string | null;
  oldest: string | null;
}

async function logNumbers(db: DataSource, log: string): Promise<Pick<CaptureStatus, "changes" | "head" | "oldestCommittedAt">> {
  const [row] = await runSql<LogNumbers[]>(
    db,
    `SELECT COUNT(*) AS "changes", MAX("position") AS "head", (SELECT "committed_at" FROM ${log} WHERE "position" IS NOT NULL ORDER BY "position" LIMIT 1) AS "oldest" FROM ${log} WHERE "position" IS NOT NULL`,
  );
  return { changes: Number(row.changes), head: Number(row.head ?? 0), oldestCommittedAt: row.oldest ?? null };
}

async function postgresStatus(db: DataSource): Promise<CaptureStatus> {
  const tables = (await db.query(
    `SELECT n.nspname || '.' || c.relname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE t.tgname = $1 ORDER BY 1`,
    [PG_CAPTURE_TRIGGERS.capture],
  )) as Array<{ name: string }>;
  const [context] = (await db.query(`SELECT to_regclass('strangler.capture_context') IS NOT NULL AS "present"`)) as Array<{ present: boolean }>;
  const empty = { dialect: "postgres" as const, tables: tables.map((row) => row.name), changes: 0, head: 0, oldestCommittedAt: null };
  if (!context.present) return { ...empty, installed: false, source: null };
  const [row] = (await db.query(`SELECT source, capture_version AS "version" FROM strangler.capture_context WHERE id = 1`)) as Array<{ source: string; version: number }>;
  return { ...empty, installed: true, source: row?.source ?? null, version: row ? Number(row.version) : null, ...(await logNumbers(db, "strangler.changes")) };
}

async function sqliteStatus(db: DataSource): Promise<CaptureStatus> {
  const tables = (await db.query(`SELECT DISTINCT "tbl_name" AS "name" FROM "sqlite_master" WHERE "type" = 'trigger' AND "name" LIKE '\\_strangler\\_capture\\_%' ESCAPE '\\' ORDER BY 1`)) as Array<{ name: string }>;
  const [context] = (await db.query(`SELECT COUNT(*) AS "present" FROM "sqlite_master" WHERE "type" = 'table' AND "name" = '_strangler_capture_context'`)) as Array<{ present: number }>;
  const empty = { dialect: "sqlite" as const, tables: tables.map((row) => row.name), changes: 0, head: 0, oldestCommittedAt: null };
  if (Number(context.present) === 0) return { ...empty, installed: false, source: null };
  const [row] = (await db.query(`SELECT "source" FROM "_strangler_capture_context" WHERE "id" = 1`)) as Array<{ source: string }>;
  return { ...empty, installed: true, source: row?.source ?? null, ...(await logNumbers(db, `"_strangler_changes"`)) };
}

/** Reads whether capture is installed in `db`, on which tables, and how full its log is. Read-only. */
export function readCaptureStatus(db: DataSource): Promise<CaptureStatus> {
  return db.options.type === "postgres" ? postgresStatus(db) : sqliteStatus(db);
}
