import type { EntityManager } from "typeorm";

/** Tables whose rows carry a legacy id the catalog may hand out. */
export type LegacyIdTable = "categories" | "products";

const SEQUENCES = "catalog_legacy_ids";

async function lastValue(tx: EntityManager, table: LegacyIdTable): Promise<number> {
  const rows: Array<{ last_value: number | string }> = await tx.query(`SELECT "last_value" FROM "${SEQUENCES}" WHERE "table_name" = ?`, [table]);
  return rows.length > 0 ? Number(rows[0].last_value) : 0;
}

async function store(tx: EntityManager, table: LegacyIdTable, value: number): Promise<void> {
  await tx.query(
    `INSERT INTO "${SEQUENCES}" ("table_name", "last_value") VALUES (?, ?)
       ON CONFLICT ("table_name") DO UPDATE SET "last_value" = CASE WHEN excluded."last_value" > "${SEQUENCES}"."last_value" THEN excluded."last_value" ELSE "${SEQUENCES}"."last_value" END`,
    [table, value],
  );
}

/**
 * The next legacy id of `table`, inside the caller's write transaction: one above both the highest
 * id ever handed out or deleted here and the highest id present (rows synced from the monolith).
 * That is the monolith's own AUTOINCREMENT rule over the same rows, so ids continue its sequence and
 * a deleted row's id never comes back. Only one side may allocate at a time (docs/catalog.md, "Writes").
 */
export async function nextLegacyId(tx: EntityManager, table: LegacyIdTable): Promise<number> {
  const [present]: Array<{ highest: number | string | null }> = await tx.query(`SELECT MAX("legacy_id") AS "highest" FROM "${table}"`);
  const next = Math.max(await lastValue(tx, table), Number(present?.highest ?? 0)) + 1;
  await store(tx, table, next);
  return next;
}

/** Remembers that `legacyId` was used (called when a row is deleted, so its id is never handed out again). */
export function retireLegacyId(tx: EntityManager, table: LegacyIdTable, legacyId: number): Promise<void> {
  return store(tx, table, legacyId);
}
