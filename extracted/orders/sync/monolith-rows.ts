/** An `orders` row of the monolith as change events and the backfill carry it. */
export interface MonolithOrderRow extends Record<string, unknown> {
  id: number;
  customer_id: number;
  status: string;
  total_cents: number;
  created_at: string;
  updated_at: string;
}

/** An `order_lines` row of the monolith. */
export interface MonolithOrderLineRow extends Record<string, unknown> {
  id: number;
  order_id: number;
  product_id: number;
  quantity: number;
  unit_price_cents: number;
}

/** A `sessions` row of the monolith (captured since migrations/monolith/1764960000000-capture-sessions.ts). */
export interface MonolithSessionRow extends Record<string, unknown> {
  id: number;
  token_hash: string;
  customer_id: number;
  created_at: string;
  expires_at: string;
}

/** The columns of a monolith `products` row the orders service keeps (its price and whether it is sold). */
export interface MonolithProductRow extends Record<string, unknown> {
  id: number;
  price_cents: number;
  active: number | boolean;
}

/** Primary key of these tables in the monolith. */
export interface MonolithKey extends Record<string, unknown> {
  id: number;
}
