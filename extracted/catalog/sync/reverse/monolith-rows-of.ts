import { SHOP_CURRENCY } from "../../domain";
import type { CatalogCategoryRow, CatalogProductRow } from "../catalog-rows";
import type { MonolithCategoryRow, MonolithProductRow } from "../monolith-rows";

/** The monolith row a catalog category becomes: the inverse of `catalogCategoryRow`. Pure. */
export function monolithCategoryRow(row: CatalogCategoryRow): MonolithCategoryRow {
  return { id: row.legacy_id, slug: row.slug, name: row.name, created_at: row.created_at, updated_at: row.updated_at };
}

/**
 * The monolith row a catalog product becomes: the inverse of `catalogProductRow` (minor units back
 * to cents, the flag back to 0/1). Pure. Throws for a currency the legacy shop cannot hold.
 */
export function monolithProductRow(row: CatalogProductRow): MonolithProductRow {
  if (row.currency !== SHOP_CURRENCY) throw new Error(`product ${row.legacy_id} is priced in ${row.currency}; the legacy shop holds ${SHOP_CURRENCY} only`);
  return {
    id: row.legacy_id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    price_cents: row.price_minor,
    category_id: row.category_legacy_id,
    active: row.active ? 1 : 0,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
