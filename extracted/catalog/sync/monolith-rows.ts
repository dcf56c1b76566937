/** A `categories` row of the monolith as change events and the backfill carry it. */
export interface MonolithCategoryRow extends Record<string, unknown> {
  id: number;
  slug: string;
  name: string;
  created_at: string;
  updated_at: string;
}

/** A `products` row of the monolith (`active` is SQLite's 0/1). */
export interface MonolithProductRow extends Record<string, unknown> {
  id: number;
  sku: string;
  name: string;
  description: string;
  price_cents: number;
  category_id: number;
  active: number | boolean;
  created_at: string;
  updated_at: string;
}

/** An `order_lines` row of the monolith: the catalog reads only which product was ordered. */
export interface MonolithOrderLineRow extends Record<string, unknown> {
  id: number;
  order_id: number;
  product_id: number;
}

/** Primary key of both tables in the monolith. */
export interface MonolithKey extends Record<string, unknown> {
  id: number;
}
