import type { EntityManager } from "typeorm";
import { runSql } from "../../cdc";

async function lastValue(tx: EntityManager, sequences: string, table: string): Promise<number> {
  const rows = await runSql<Array<{ last_value: number | string }>>(tx, `SELECT "last_value" FROM "${sequences}" WHERE "table_name" = ?`, [table]);
  return rows.length > 0 ? Number(rows[0].last_value) : 0;
}

/**
 * Takes the table's sequence row for the rest of the caller's transaction (creating it at 0 when
 * missing). On PostgreSQL, writers run side by side: the second one waits here until the first
 * commits and then reads what it committed (READ COMMITTED reads anew at each statement), so two
 * writers never hand out the same id. SQLite has one writer at a time; there it changes nothing.
 */
async function claim(tx: EntityManager, sequences: string, table: string): Promise<void> {
  await runSql(tx, `INSERT INTO "${sequences}" ("table_name", "last_value") VALUES (?, 0) ON CONFLICT ("table_name") DO UPDATE SET "last_value" = "${sequences}"."last_value"`, [table]);
}

async function store(tx: EntityManager, sequences: string, table: string, value: number): Promise<void> {
  await runSql(
    tx,
    `INSERT INTO "${sequences}" ("table_name", "last_value") VALUES (?, ?)
       ON CONFLICT ("table_name") DO UPDATE SET "last_value" = CASE WHEN excluded."last_value" > "${sequences}"."last_value" THEN excluded."last_value" ELSE "${sequences}"."last_value" END`,
    [table, value],
  );
}

/**
 * Monolith ids a service hands out for the rows it creates once it owns their writes, so the rows
 * keep one id on both sides (the reverse sync writes them into the monolith under it). `sequences`
 * is the service's table `(table_name PRIMARY KEY, last_value INTEGER)` (created by its schema
 * migration); every moved table has a `legacy_id` column (the kit's convention).
 */
export class LegacyIds {
  constructor(private readonly sequences: string) {}

  /**
   * The next legacy id of `table`, inside the caller's write transaction: one above both the
   * highest id ever handed out or retired here and the highest id present (rows synced from the
   * monolith). That is the monolith's own AUTOINCREMENT rule over the same rows, so ids continue its
   * sequence and a deleted row's id never comes back. Only the owner of the writes allocates.
   */
  async next(tx: EntityManager, table: string): Promise<number> {
    await claim(tx, this.sequences, table);
    const [present] = await runSql<Array<{ highest: number | string | null }>>(tx, `SELECT MAX("legacy_id") AS "highest" FROM "${table}"`);
    const next = Math.max(await lastValue(tx, this.sequences, table), Number(present?.highest ?? 0)) + 1;
    await store(tx, this.sequences, table, next);
    return next;
  }

  /** Remembers that `legacyId` was used (when a row is deleted, so its id is never handed out again). */
  retire(tx: EntityManager, table: string, legacyId: number): Promise<void> {
    return store(tx, this.sequences, table, legacyId);
  }
}
