import fc from "fast-check";
import { ordersId } from "../domain";
import type { MonolithOrderLineRow, MonolithOrderRow } from "./monolith-rows";
import { ordersLineRow, ordersOrderRow, ordersSessionRow } from "./orders-rows";
import { monolithOrderLineRow, monolithOrderRow } from "./reverse/monolith-rows-of";

const iso = fc.date({ min: new Date("2020-01-01T00:00:00.000Z"), max: new Date("2030-01-01T00:00:00.000Z"), noInvalidDate: true }).map((date) => date.toISOString());
const id = fc.integer({ min: 1, max: 2_147_483_647 });
const order = fc.record({ id, customer_id: id, status: fc.constantFrom("placed", "cancelled"), total_cents: fc.integer({ min: 0, max: 10_000_000 }), created_at: iso, updated_at: iso });
const line = fc.record({ id, order_id: id, product_id: id, quantity: fc.integer({ min: 1, max: 1000 }), unit_price_cents: fc.integer({ min: 0, max: 1_000_000 }) });

describe("orders rows: monolith → orders and back", () => {
  it("maps an order to minor units of USD under a deterministic id, keeping the legacy id", () => {
    const row: MonolithOrderRow = { id: 42, customer_id: 7, status: "placed", total_cents: 1999, created_at: "2026-01-01T00:00:00.000Z", updated_at: "2026-01-02T00:00:00.000Z" };
    expect(ordersOrderRow(row)).toEqual({
      id: ordersId("order", 42),
      legacy_id: 42,
      customer_legacy_id: 7,
      status: "placed",
      total_minor: 1999,
      currency: "USD",
      created_at: "2026-01-01T00:00:00.000Z",
      updated_at: "2026-01-02T00:00:00.000Z",
    });
    expect(ordersId("order", 42)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ordersId("order", 42)).not.toBe(ordersId("line", 42));
  });

  it("keeps of a session only what the bridge checks", () => {
    expect(ordersSessionRow({ id: 3, token_hash: "ab".repeat(32), customer_id: 9, created_at: "2026-01-01T00:00:00.000Z", expires_at: "2026-01-08T00:00:00.000Z" })).toEqual({
      legacy_id: 3,
      token_hash: "ab".repeat(32),
      customer_legacy_id: 9,
      expires_at: "2026-01-08T00:00:00.000Z",
    });
  });

  it("inverts every order and line exactly (reverse mapping ∘ forward mapping = identity)", () => {
    fc.assert(fc.property(order, (row: MonolithOrderRow) => expect(monolithOrderRow(ordersOrderRow(row))).toEqual(row)));
    fc.assert(fc.property(line, (row: MonolithOrderLineRow) => expect(monolithOrderLineRow(ordersLineRow(row))).toEqual(row)));
  });

  it("refuses to write back a price in a currency the shop cannot hold", () => {
    const row = { ...ordersOrderRow({ id: 1, customer_id: 1, status: "placed", total_cents: 5, created_at: "x", updated_at: "x" }), currency: "EUR" };
    expect(() => monolithOrderRow(row)).toThrow(/priced in EUR/);
    const lineRow = { ...ordersLineRow({ id: 1, order_id: 1, product_id: 1, quantity: 1, unit_price_cents: 5 }), currency: "EUR" };
    expect(() => monolithOrderLineRow(lineRow)).toThrow(/priced in EUR/);
  });
});
