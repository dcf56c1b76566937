import { SHOP_CURRENCY } from "../../domain";
import type { MonolithOrderLineRow, MonolithOrderRow } from "../monolith-rows";
import type { OrdersLineRow, OrdersOrderRow } from "../orders-rows";

function assertShopCurrency(what: string, legacyId: number, currency: string): void {
  if (currency !== SHOP_CURRENCY) throw new Error(`${what} ${legacyId} is priced in ${currency}; the legacy shop holds ${SHOP_CURRENCY} only`);
}

/** The monolith row an orders-service order becomes: the inverse of `ordersOrderRow`. Pure. Throws for a currency the shop cannot hold. */
export function monolithOrderRow(row: OrdersOrderRow): MonolithOrderRow {
  assertShopCurrency("order", row.legacy_id, row.currency);
  return { id: row.legacy_id, customer_id: row.customer_legacy_id, status: row.status, total_cents: row.total_minor, created_at: row.created_at, updated_at: row.updated_at };
}

/** The monolith row an orders-service order line becomes: the inverse of `ordersLineRow`. Pure. */
export function monolithOrderLineRow(row: OrdersLineRow): MonolithOrderLineRow {
  assertShopCurrency("order line", row.legacy_id, row.currency);
  return { id: row.legacy_id, order_id: row.order_legacy_id, product_id: row.product_legacy_id, quantity: row.quantity, unit_price_cents: row.unit_price_minor };
}
