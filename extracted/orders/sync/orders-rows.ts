import { ordersId, SHOP_CURRENCY } from "../domain";
import type { MonolithOrderLineRow, MonolithOrderRow, MonolithProductRow, MonolithSessionRow } from "./monolith-rows";

/** An `orders` row of the orders database, column by column. */
export interface OrdersOrderRow extends Record<string, unknown> {
  id: string;
  legacy_id: number;
  customer_legacy_id: number;
  status: string;
  total_minor: number;
  currency: string;
  created_at: string;
  updated_at: string;
}

/** An `order_lines` row of the orders database. */
export interface OrdersLineRow extends Record<string, unknown> {
  id: string;
  legacy_id: number;
  order_legacy_id: number;
  product_legacy_id: number;
  quantity: number;
  unit_price_minor: number;
  currency: string;
}

/** A `customer_sessions` row of the orders database (the session bridge's replica). */
export interface OrdersSessionRow extends Record<string, unknown> {
  legacy_id: number;
  token_hash: string;
  customer_legacy_id: number;
  expires_at: string;
}

/** The orders row a monolith order becomes: cents are minor units of the shop's currency. Pure: the consumer, backfill and verify share it. */
export function ordersOrderRow(row: MonolithOrderRow): OrdersOrderRow {
  return {
    id: ordersId("order", row.id),
    legacy_id: row.id,
    customer_legacy_id: row.customer_id,
    status: row.status,
    total_minor: row.total_cents,
    currency: SHOP_CURRENCY,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** The order line a monolith order line becomes. Pure. */
export function ordersLineRow(row: MonolithOrderLineRow): OrdersLineRow {
  return {
    id: ordersId("line", row.id),
    legacy_id: row.id,
    order_legacy_id: row.order_id,
    product_legacy_id: row.product_id,
    quantity: row.quantity,
    unit_price_minor: row.unit_price_cents,
    currency: SHOP_CURRENCY,
  };
}

/** The replica row of a monolith session: only what the bridge checks (no creation time). Pure. */
export function ordersSessionRow(row: MonolithSessionRow): OrdersSessionRow {
  return { legacy_id: row.id, token_hash: row.token_hash, customer_legacy_id: row.customer_id, expires_at: row.expires_at };
}

/** An `order_products` row: the price and active flag of a shop product, for placing orders. */
export interface OrdersProductRow extends Record<string, unknown> {
  legacy_id: number;
  price_minor: number;
  currency: string;
  active: number;
}

/** The product replica row a monolith product becomes (only what placing an order needs). Pure. */
export function ordersProductRow(row: MonolithProductRow): OrdersProductRow {
  return { legacy_id: row.id, price_minor: row.price_cents, currency: SHOP_CURRENCY, active: row.active ? 1 : 0 };
}
