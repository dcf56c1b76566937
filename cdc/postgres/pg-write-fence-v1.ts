import type { QueryRunner } from "typeorm";
import { CDC_ERROR_CODES, CdcError } from "../core/errors";
import { pgTableName } from "./pg-capture-v1";

/*
 * FROZEN (pg-write-fence-v1.test.ts pins the SQL). The write fence of a PostgreSQL database: while
 * `strangler.write_fence` marks a table fenced, every write to it that is not a sync applier's
 * (`strangler.origin` set in its transaction) is refused by the database, with the mark
 * STRANGLER_WRITE_FENCED in the message (platform WRITE_FENCED_MARK).
 *
 * Unlike SQLite, PostgreSQL runs writers side by side, so a fence must also be a serialization
 * point: no write that started before the fence may commit after it (the drain by position that a
 * cut-over runs after fencing would miss it). Each guarded table has a row in the fence table at
 * all times; a BEFORE statement trigger on the table reads that row FOR SHARE. Setting the fence
 * updates the row, which waits for every writer holding the share lock (in flight on the table)
 * to finish, and makes later writers wait for the fence's commit; they then see it (READ COMMITTED)
 * or fail with a serialization error (REPEATABLE READ/SERIALIZABLE, whose snapshot predates it).
 * `holder` names who set it (a cut-over's lease, or `ownership`), as in SQLite fence v2.
 */

export const PG_WRITE_FENCE_TABLE = "strangler.write_fence";
const FENCE_TRIGGER = "strangler_write_fence";
// The literal platform's WRITE_FENCED_MARK matches (a test compares them; this file stays self-contained).
const MARK = "STRANGLER_WRITE_FENCED";

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;

const CHECK_FUNCTION = `CREATE OR REPLACE FUNCTION strangler.check_write_fence() RETURNS trigger LANGUAGE plpgsql AS $body$
DECLARE
  is_fenced boolean;
BEGIN
  IF nullif(current_setting('strangler.origin', true), '') IS NOT NULL THEN
    RETURN NULL;
  END IF;
  SELECT fenced INTO is_fenced FROM strangler.write_fence WHERE table_name = TG_ARGV[0] FOR SHARE;
  IF is_fenced THEN
    RAISE EXCEPTION '${MARK}: writes to "%" are fenced: this database does not own them now', TG_ARGV[0];
  END IF;
  RETURN NULL;
END
$body$`;

/** The versioned SQL generator of the PostgreSQL write fence. Pure: same input, same statements, forever. */
export const pgWriteFenceV1 = Object.freeze({
  version: 1,

  /** The fence table (one row per guarded table, fenced or not) and the check function. */
  createTable(): string[] {
    return [
      `CREATE SCHEMA IF NOT EXISTS strangler`,
      `CREATE TABLE IF NOT EXISTS strangler.write_fence (table_name text PRIMARY KEY, fenced boolean NOT NULL DEFAULT false, fenced_at text, reason text, holder text)`,
      CHECK_FUNCTION,
    ];
  },

  dropTable(): string[] {
    return [`DROP TABLE IF EXISTS strangler.write_fence`, `DROP FUNCTION IF EXISTS strangler.check_write_fence()`];
  },

  /** The table's fence row (unfenced) and its BEFORE INSERT/UPDATE/DELETE statement trigger. */
  createTriggers(schema: string, table: string): string[] {
    return [
      `INSERT INTO strangler.write_fence (table_name) VALUES (${literal(table)}) ON CONFLICT (table_name) DO NOTHING`,
      `DROP TRIGGER IF EXISTS ${FENCE_TRIGGER} ON ${ident(schema)}.${ident(table)}`,
      `CREATE TRIGGER ${FENCE_TRIGGER} BEFORE INSERT OR UPDATE OR DELETE ON ${ident(schema)}.${ident(table)} FOR EACH STATEMENT EXECUTE FUNCTION strangler.check_write_fence(${literal(table)})`,
    ];
  },

  dropTriggers(schema: string, table: string): string[] {
    return [`DROP TRIGGER IF EXISTS ${FENCE_TRIGGER} ON ${ident(schema)}.${ident(table)}`, `DELETE FROM strangler.write_fence WHERE table_name = ${literal(table)}`];
  },
});

async function schemaOf(runner: QueryRunner, name: string): Promise<{ schema: string; table: string }> {
  const { schema, table } = pgTableName(name);
  if (schema) return { schema, table };
  const [row] = (await runner.query(`SELECT current_schema() AS "schema"`)) as Array<{ schema: string }>;
  return { schema: row.schema, table };
}

/** Migration helper (up): the fence table if missing, and each table guarded (unfenced). Idempotent. */
export async function installPgWriteFenceV1(runner: QueryRunner, tables: string[]): Promise<void> {
  for (const statement of pgWriteFenceV1.createTable()) await runner.query(statement);
  for (const name of tables) {
    const { schema, table } = await schemaOf(runner, name);
    const [found] = (await runner.query(`SELECT to_regclass($1) IS NOT NULL AS "present"`, [`${ident(schema)}.${ident(table)}`])) as Array<{ present: boolean }>;
    if (!found.present) throw new CdcError(CDC_ERROR_CODES.captureTable, `Cannot fence table "${schema}.${table}": it does not exist. Run the migration that creates it first.`);
    for (const statement of pgWriteFenceV1.createTriggers(schema, table)) await runner.query(statement);
  }
}

/** Migration helper (down): removes the tables' fence triggers and rows; drops the fence table once no table is guarded. */
export async function uninstallPgWriteFenceV1(runner: QueryRunner, tables: string[]): Promise<void> {
  const [present] = (await runner.query(`SELECT to_regclass('strangler.write_fence') IS NOT NULL AS "present"`)) as Array<{ present: boolean }>;
  if (!present.present) return;
  for (const name of tables) {
    const { schema, table } = await schemaOf(runner, name);
    for (const statement of pgWriteFenceV1.dropTriggers(schema, table)) await runner.query(statement);
  }
  const left = (await runner.query(`SELECT 1 FROM strangler.write_fence LIMIT 1`)) as unknown[];
  if (left.length === 0) for (const statement of pgWriteFenceV1.dropTable()) await runner.query(statement);
}
