import { catalogId, SHOP_CURRENCY } from "../domain";
import type { MonolithCategoryRow, MonolithProductRow } from "./monolith-rows";

/** A `categories` row of the catalog database, column by column. */
export interface CatalogCategoryRow extends Record<string, unknown> {
  id: string;
  legacy_id: number;
  slug: string;
  name: string;
  created_at: string;
  updated_at: string;
}

/** A `products` row of the catalog database, column by column (`active` as 0/1). */
export interface CatalogProductRow extends Record<string, unknown> {
  id: string;
  legacy_id: number;
  sku: string;
  name: string;
  description: string;
  price_minor: number;
  currency: string;
  category_legacy_id: number;
  active: number;
  created_at: string;
  updated_at: string;
}

/** The catalog row a monolith category becomes. Pure: the consumer, backfill and verify share it. */
export function catalogCategoryRow(row: MonolithCategoryRow): CatalogCategoryRow {
  return { id: catalogId("category", row.id), legacy_id: row.id, slug: row.slug, name: row.name, created_at: row.created_at, updated_at: row.updated_at };
}

/** The catalog row a monolith product becomes: cents are minor units of the shop's currency. Pure. */
export function catalogProductRow(row: MonolithProductRow): CatalogProductRow {
  return {
    id: catalogId("product", row.id),
    legacy_id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    price_minor: row.price_cents,
    currency: SHOP_CURRENCY,
    category_legacy_id: row.category_id,
    active: row.active ? 1 : 0,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
