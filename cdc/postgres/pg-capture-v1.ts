import type { QueryRunner } from "typeorm";
import { CDC_ERROR_CODES, CdcError } from "../core/errors";

/*
 * FROZEN (pg-capture-v1.test.ts pins the SQL). Migrations and `strangler capture install` emit it:
 * never change what these functions return. A better design goes into pg-capture-v2.ts.
 *
 * Change capture of a PostgreSQL database, in the writer's own transaction, with positions in
 * COMMIT order:
 * - A row trigger on each captured table (`strangler_capture`, AFTER INSERT OR UPDATE OR DELETE)
 *   appends the change to `strangler.changes` with no position yet, stamped with the writer's
 *   transaction id. An update that changes the key logs a delete and an insert.
 * - A deferred constraint trigger on `strangler.changes` numbers each change when the writer
 *   commits (PostgreSQL fires deferred triggers just before the commit, in the order the changes
 *   were written): it takes a transaction-level advisory lock, then the next value of the sequence
 *   `strangler.change_positions`. The lock is held until the commit has finished, and PostgreSQL
 *   makes a commit visible before it releases the transaction's locks; so whoever numbers next
 *   sees this transaction committed. Positions therefore grow in commit order, a transaction's
 *   changes are consecutive, and a reader that sees position P sees every committed position below
 *   P: a late commit can never hold a smaller number than one already read (the outbox gap that a
 *   bare sequence has). A transaction that fails after numbering leaves a hole (sequences do not
 *   roll back); holes are harmless. The writer reads nothing of ours and updates only its own
 *   change rows by primary key: REPEATABLE READ and SERIALIZABLE writers meet no extra conflicts.
 *   The price: captured transactions commit one at a time (only their last step, from numbering to
 *   the end of the commit). docs/postgres.md gives the measured cost.
 * - The previous position of a change's row is found by the reader (pg-change-log.ts), from
 *   committed changes only, not by the writer.
 * - `strangler.capture_context` holds the database's source name and the capture version;
 *   `strangler.changes` has the same columns as the SQLite log, so the relay reads both alike.
 * - A sync applier marks its transaction with `SET LOCAL strangler.origin = '<service>'`; local-only
 *   tables (a service's own database) skip such writes. `strangler.request_id` likewise.
 * - TRUNCATE of a captured table is refused (row triggers never see it, so it would be lost).
 * Everything lives in the schema `strangler`, except one trigger pair per captured table.
 */

export const PG_CAPTURE_SCHEMA = "strangler";
const CAPTURE_TRIGGER = "strangler_capture";
/** Key of the transaction-level advisory lock that numbers changes ("strngler" in ASCII). */
export const POSITION_LOCK = "8319393148208571762";
const TRUNCATE_TRIGGER = "strangler_capture_truncate";

export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;
export const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;
const textArray = (values: readonly string[]): string => literal(`{${values.map((value) => `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`);

/** One captured table, resolved from the catalog when the capture is installed. */
export interface PgCapturedTableShape {
  /** Schema of the table (usually `public`). */
  schema: string;
  table: string;
  /** Primary-key columns in key order. */
  primaryKey: string[];
  /** Columns the change rows carry (excluded ones removed), in table order. */
  columns: string[];
  /** Columns that never leave the database. */
  excluded: string[];
}

export interface PgCaptureOptions {
  /** Name of this database (default origin of its changes, first part of its stream's subjects). */
  source: string;
  /** Tables of the connection's schema (or `schema.table`); `exclude` lists columns that never leave the database. */
  tables: Record<string, { exclude?: string[] }>;
  /**
   * Log only the database's own writes (a service's database): a write made by a sync applier
   * (its transaction sets `strangler.origin`) is not logged. Default false: every write is logged
   * with its origin (a monolith's database).
   */
  localOnly?: boolean;
}

/** The row trigger function (pg-capture-v2 installs the same one). */
export const ROW_FUNCTION = `CREATE OR REPLACE FUNCTION strangler.capture_row() RETURNS trigger LANGUAGE plpgsql AS $body$
DECLARE
  key_columns text[] := TG_ARGV[0]::text[];
  excluded text[] := TG_ARGV[1]::text[];
  local_only boolean := TG_ARGV[2]::boolean;
  source_name text := TG_ARGV[3];
  writer_origin text := nullif(current_setting('strangler.origin', true), '');
  writer_request text := nullif(current_setting('strangler.request_id', true), '');
  old_row jsonb;
  new_row jsonb;
  old_key jsonb;
  new_key jsonb;
BEGIN
  IF local_only AND writer_origin IS NOT NULL THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    old_row := to_jsonb(OLD);
    old_key := (SELECT jsonb_object_agg(k, old_row -> k) FROM unnest(key_columns) AS k);
    old_row := old_row - excluded;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    new_row := to_jsonb(NEW);
    new_key := (SELECT jsonb_object_agg(k, new_row -> k) FROM unnest(key_columns) AS k);
    new_row := new_row - excluded;
  END IF;
  IF TG_OP = 'UPDATE' AND old_key IS DISTINCT FROM new_key THEN
    INSERT INTO strangler.changes (table_name, op, pk, old_row, new_row, origin, request_id)
      VALUES (TG_TABLE_NAME, 'delete', old_key::text, old_row::text, NULL, coalesce(writer_origin, source_name), writer_request);
    INSERT INTO strangler.changes (table_name, op, pk, old_row, new_row, origin, request_id)
      VALUES (TG_TABLE_NAME, 'insert', new_key::text, NULL, new_row::text, coalesce(writer_origin, source_name), writer_request);
  ELSE
    INSERT INTO strangler.changes (table_name, op, pk, old_row, new_row, origin, request_id)
      VALUES (TG_TABLE_NAME, lower(TG_OP), coalesce(new_key, old_key)::text, old_row::text, new_row::text, coalesce(writer_origin, source_name), writer_request);
  END IF;
  RETURN NULL;
END
$body$`;

const SEQUENCE_FUNCTION = `CREATE OR REPLACE FUNCTION strangler.number_change() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  PERFORM pg_advisory_xact_lock(${POSITION_LOCK});
  UPDATE strangler.changes
     SET position = nextval('strangler.change_positions'),
         committed_at = to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
   WHERE id = NEW.id;
  RETURN NULL;
END
$body$`;

export const REFUSE_TRUNCATE_FUNCTION = `CREATE OR REPLACE FUNCTION strangler.refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  RAISE EXCEPTION 'TRUNCATE of %.% is refused: change capture (strangler) cannot see it. Delete the rows with DELETE, or uninstall the capture first (npx strangler capture uninstall).', TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'feature_not_supported';
END
$body$`;

/** The versioned SQL generator for PostgreSQL capture. Pure: same input, same statements, forever. */
export const pgCaptureV1 = Object.freeze({
  version: 1,

  /** The schema, the change log, the position sequence, the context row and the functions. */
  createLog(source: string): string[] {
    return [
      `CREATE SCHEMA IF NOT EXISTS strangler`,
      `CREATE TABLE IF NOT EXISTS strangler.capture_context (id integer PRIMARY KEY CHECK (id = 1), source text NOT NULL, capture_version integer NOT NULL)`,
      `INSERT INTO strangler.capture_context (id, source, capture_version) VALUES (1, ${literal(source)}, 1) ON CONFLICT (id) DO NOTHING`,
      `CREATE SEQUENCE IF NOT EXISTS strangler.change_positions AS bigint`,
      `CREATE TABLE IF NOT EXISTS strangler.changes (` +
        `id bigserial PRIMARY KEY, txid xid8 NOT NULL DEFAULT pg_current_xact_id(), position bigint UNIQUE, ` +
        `table_name text NOT NULL, op text NOT NULL CHECK (op IN ('insert', 'update', 'delete')), ` +
        `pk text NOT NULL, old_row text, new_row text, committed_at text COLLATE "C", origin text NOT NULL, request_id text)`,
      `CREATE INDEX IF NOT EXISTS changes_row ON strangler.changes (table_name, pk, position)`,
      ROW_FUNCTION,
      SEQUENCE_FUNCTION,
      REFUSE_TRUNCATE_FUNCTION,
      `DROP TRIGGER IF EXISTS number_change ON strangler.changes`,
      `CREATE CONSTRAINT TRIGGER number_change AFTER INSERT ON strangler.changes DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION strangler.number_change()`,
    ];
  },

  /** Removes every trace: the schema with the log and functions (drop the tables' triggers first). */
  dropLog(): string[] {
    return [`DROP SCHEMA IF EXISTS strangler CASCADE`];
  },

  /** The capture trigger of one table, and the trigger that refuses TRUNCATE. Idempotent. */
  createTriggers(shape: PgCapturedTableShape, source: string, localOnly: boolean): string[] {
    const on = `${ident(shape.schema)}.${ident(shape.table)}`;
    const updateOf = shape.excluded.length > 0 ? ` OF ${shape.columns.map(ident).join(", ")}` : "";
    const args = [textArray(shape.primaryKey), textArray(shape.excluded), literal(String(localOnly)), literal(source)].join(", ");
    return [
      ...pgCaptureV1.dropTriggers(shape.schema, shape.table),
      `CREATE TRIGGER ${CAPTURE_TRIGGER} AFTER INSERT OR UPDATE${updateOf} OR DELETE ON ${on} FOR EACH ROW EXECUTE FUNCTION strangler.capture_row(${args})`,
      `CREATE TRIGGER ${TRUNCATE_TRIGGER} BEFORE TRUNCATE ON ${on} FOR EACH STATEMENT EXECUTE FUNCTION strangler.refuse_truncate()`,
    ];
  },

  dropTriggers(schema: string, table: string): string[] {
    const on = `${ident(schema)}.${ident(table)}`;
    return [`DROP TRIGGER IF EXISTS ${CAPTURE_TRIGGER} ON ${on}`, `DROP TRIGGER IF EXISTS ${TRUNCATE_TRIGGER} ON ${on}`];
  },
});

/** Names of the triggers capture v1 puts on a table (status and uninstall find them by name). */
export const PG_CAPTURE_TRIGGERS = Object.freeze({ capture: CAPTURE_TRIGGER, truncate: TRUNCATE_TRIGGER });

interface ColumnRow {
  column_name: string;
  data_type: string;
  is_key: boolean;
  key_order: number | null;
}

/** Splits `schema.table` (or a bare name, in the connection's current schema). */
export function pgTableName(name: string): { schema: string | null; table: string } {
  const dot = name.indexOf(".");
  return dot < 0 ? { schema: null, table: name } : { schema: name.slice(0, dot), table: name.slice(dot + 1) };
}

/** Reads a table's columns and primary key from the catalog now, and applies the exclusions. */
export async function pgCaptureShapeV1(runner: QueryRunner, name: string, exclude: string[] = []): Promise<PgCapturedTableShape> {
  const { schema: given, table } = pgTableName(name);
  const schema = given ?? ((await runner.query(`SELECT current_schema() AS "schema"`)) as Array<{ schema: string }>)[0].schema;
  const info = (await runner.query(
    `SELECT a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS data_type,
            (k.n IS NOT NULL) AS is_key, k.n AS key_order
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace s ON s.oid = c.relnamespace
       LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
       LEFT JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) ON k.attnum = a.attnum
      WHERE s.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [schema, table],
  )) as ColumnRow[];
  if (info.length === 0) throw new CdcError(CDC_ERROR_CODES.captureTable, `Cannot capture table "${schema}.${table}": it does not exist. Create it first, or check the name (schema.table).`);
  const primaryKey = info.filter((column) => column.is_key).sort((a, b) => Number(a.key_order) - Number(b.key_order)).map((column) => column.column_name);
  if (primaryKey.length === 0) throw new CdcError(CDC_ERROR_CODES.captureTable, `Cannot capture table "${schema}.${table}": it has no primary key.`);
  const unknown = exclude.filter((column) => !info.some((row) => row.column_name === column));
  if (unknown.length > 0) throw new CdcError(CDC_ERROR_CODES.captureTable, `Cannot exclude ${unknown.join(", ")} from "${schema}.${table}": no such column.`);
  const excludedKey = primaryKey.filter((column) => exclude.includes(column));
  if (excludedKey.length > 0) throw new CdcError(CDC_ERROR_CODES.captureTable, `Cannot exclude primary-key column ${excludedKey.join(", ")} of "${schema}.${table}".`);
  const columns = info.map((column) => column.column_name).filter((column) => !exclude.includes(column));
  return { schema, table, primaryKey, columns, excluded: [...exclude] };
}

/** Migration helper (up): creates the log if missing and installs the triggers on each table. Idempotent. */
export async function installPgCaptureV1(runner: QueryRunner, options: PgCaptureOptions): Promise<void> {
  for (const statement of pgCaptureV1.createLog(options.source)) await runner.query(statement);
  for (const [table, settings] of Object.entries(options.tables)) {
    const shape = await pgCaptureShapeV1(runner, table, settings.exclude);
    for (const statement of pgCaptureV1.createTriggers(shape, options.source, options.localOnly ?? false)) await runner.query(statement);
  }
}

/** Migration helper (down): removes the tables' triggers; with `dropLog` also the schema `strangler`. */
export async function uninstallPgCaptureV1(runner: QueryRunner, options: { tables: string[]; dropLog?: boolean }): Promise<void> {
  for (const name of options.tables) {
    const { schema: given, table } = pgTableName(name);
    const schema = given ?? ((await runner.query(`SELECT current_schema() AS "schema"`)) as Array<{ schema: string }>)[0].schema;
    for (const statement of pgCaptureV1.dropTriggers(schema, table)) await runner.query(statement);
  }
  if (options.dropLog) for (const statement of pgCaptureV1.dropLog()) await runner.query(statement);
}
