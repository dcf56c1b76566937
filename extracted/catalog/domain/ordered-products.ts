import type { EntityManager } from "typeorm";
import { runSql } from "../../../cdc";

const ORDERED = "catalog_ordered_products";

/**
 * Marks a product as ordered: it appears in an order line of the monolith (fed by sync from
 * `order_lines`). The mark is never removed: the shop never deletes order lines of a placed order.
 */
export async function markOrdered(tx: EntityManager, legacyId: number): Promise<void> {
  await runSql(tx, `INSERT INTO "${ORDERED}" ("legacy_id") VALUES (?) ON CONFLICT ("legacy_id") DO NOTHING`, [legacyId]);
}

/** True when the product has ever been ordered (as far as sync has told the catalog). */
export async function isOrdered(tx: EntityManager, legacyId: number): Promise<boolean> {
  const rows = await runSql<unknown[]>(tx, `SELECT 1 FROM "${ORDERED}" WHERE "legacy_id" = ?`, [legacyId]);
  return rows.length > 0;
}
