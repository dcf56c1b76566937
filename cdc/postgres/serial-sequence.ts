import type { EntityManager } from "typeorm";

/**
 * After a sync applier inserted a row with an explicit id into the legacy database (a service's row
 * carried back by reverse sync, or a repair): on PostgreSQL, moves the column's serial sequence up
 * to the table's highest id, so the legacy application's next insert does not draw an id already
 * taken (SQLite's rowid needs nothing: it always continues above the highest). Runs while the
 * service owns the table, i.e. while the legacy side is fenced from inserting into it, so no
 * legacy insert draws from the sequence at the same time. A column without a sequence: nothing to do.
 */
export async function keepSerialAhead(tx: EntityManager, table: string, column = "id"): Promise<void> {
  if (tx.connection.options.type !== "postgres") return;
  const quoted = `"${table.replace(/"/g, '""')}"`;
  const col = `"${column.replace(/"/g, '""')}"`;
  await tx.query(
    `SELECT setval(seq, GREATEST(highest, 1), highest IS NOT NULL)
       FROM (SELECT pg_get_serial_sequence($1, $2) AS seq, (SELECT max(${col}) FROM ${quoted}) AS highest) AS found
      WHERE seq IS NOT NULL`,
    [quoted, column],
  );
}
