import type { DataSource } from "typeorm";
import { runSql } from "../../cdc";
import type { CategoryFate, ExpectedState, ProductFate } from "./expected-state";
import type { WriteLedger } from "./write-ledger";

interface Found {
  id: number;
  name: string;
}

/** The rows of a catalog table on one side, by their unique text (SKU, slug). */
async function rowsBy(db: DataSource, table: "products" | "categories", idColumn: string): Promise<Map<string, Found>> {
  const unique = table === "products" ? "sku" : "slug";
  const rows: Array<{ id: number | string; unique_value: string; name: string }> = await db.query(`SELECT "${idColumn}" AS "id", "${unique}" AS "unique_value", "name" FROM "${table}"`);
  return new Map(rows.map((row) => [row.unique_value, { id: Number(row.id), name: row.name }]));
}

/** What is wrong with one product on one side (null: allowed), and the row of the confirmed write that is missing. */
function productProblem(fate: ProductFate, found: Found | undefined): { lostIn: string | null; what: string } | null {
  if (fate.created === "ambiguous") {
    // Never confirmed: absent, or present as created (the client left it alone).
    if (!found || found.name === fate.createName) return null;
    return { lostIn: null, what: `ambiguous create ${fate.sku} is there named "${found.name}", not "${fate.createName}"` };
  }
  if (found && found.id !== fate.id) return { lostIn: fate.createdRow, what: `product ${fate.sku} has id ${found.id}, the client was told ${fate.id}` };
  const nameOk = (name: string) => name === fate.name?.value || name === fate.ambiguousName;
  if (fate.deleted === "confirmed") return found ? { lostIn: fate.deletedRow, what: `product ${fate.id} (${fate.sku}) deleted (confirmed) but still there as "${found.name}"` } : null;
  if (!found) return fate.deleted === "ambiguous" ? null : { lostIn: fate.createdRow, what: `product ${fate.id} (${fate.sku}) created (confirmed) but not there` };
  if (nameOk(found.name)) return null;
  return { lostIn: fate.name?.row ?? fate.createdRow, what: `product ${fate.id} named "${found.name}", last confirmed "${fate.name?.value}"${fate.ambiguousName ? ` (or "${fate.ambiguousName}")` : ""}` };
}

function categoryProblem(fate: CategoryFate, found: Found | undefined): { lostIn: string | null; what: string } | null {
  if (fate.created === "ambiguous") {
    if (!found || found.name === fate.createName) return null;
    return { lostIn: null, what: `ambiguous category create ${fate.slug} is there named "${found.name}", not "${fate.createName}"` };
  }
  if (!found) return { lostIn: fate.createdRow, what: `category ${fate.id} (${fate.slug}) is not there` };
  if (found.name === fate.name?.value || found.name === fate.ambiguousName) return null;
  return { lostIn: fate.name?.row ?? fate.createdRow, what: `category ${fate.id} named "${found.name}", last confirmed "${fate.name?.value}"${fate.ambiguousName ? ` (or "${fate.ambiguousName}")` : ""}` };
}

/**
 * Every confirmed write is there, on both sides: each product and category as its client was last
 * told (deleted ones gone; after an ambiguous answer, one of the allowed states), and each stock
 * level as last set (the monolith's own table). A confirmed write whose effect is missing counts as
 * lost in the row during which it was confirmed. Returns the number of problems.
 */
export async function checkExpectedState(expected: ExpectedState, sides: { monolith: DataSource; catalog: DataSource }, ledger: WriteLedger, finalRow: string): Promise<number> {
  const read = async (db: DataSource, idColumn: string) => ({ products: await rowsBy(db, "products", idColumn), categories: await rowsBy(db, "categories", idColumn) });
  const found = { monolith: await read(sides.monolith, "id"), catalog: await read(sides.catalog, "legacy_id") };
  let problems = 0;
  const report = (problemBySide: Array<[string, { lostIn: string | null; what: string } | null]>) => {
    const wrong = problemBySide.filter(([, problem]) => problem !== null) as Array<[string, { lostIn: string | null; what: string }]>;
    if (wrong.length === 0) return;
    problems += 1;
    const detail = wrong.map(([side, problem]) => `${side}: ${problem.what}`).join("; ");
    const lostIn = wrong.find(([, problem]) => problem.lostIn !== null)?.[1].lostIn;
    if (lostIn) ledger.lost(lostIn, detail);
    else ledger.failure("check", detail, finalRow);
  };
  for (const fate of expected.products) {
    report([
      ["monolith", productProblem(fate, found.monolith.products.get(fate.sku))],
      ["catalog", productProblem(fate, found.catalog.products.get(fate.sku))],
    ]);
  }
  for (const fate of expected.categories) {
    report([
      ["monolith", categoryProblem(fate, found.monolith.categories.get(fate.slug))],
      ["catalog", categoryProblem(fate, found.catalog.categories.get(fate.slug))],
    ]);
  }
  for (const fate of expected.stock) {
    const rows: Array<{ quantity: number | string }> = await runSql(sides.monolith, `SELECT "quantity" FROM "stock_levels" WHERE "product_id" = ?`, [fate.productId]);
    const quantity = rows[0] === undefined ? undefined : Number(rows[0].quantity);
    if (quantity === fate.quantity.value || (fate.ambiguousQuantity !== null && quantity === fate.ambiguousQuantity)) continue;
    problems += 1;
    ledger.lost(fate.quantity.row, `stock of product ${fate.productId} is ${quantity}, last confirmed ${fate.quantity.value}`);
  }
  return problems;
}
