import type { DataSource } from "typeorm";
import { runSql } from "../../../cdc";

/** An order as the reader returns it: the order's row with its lines, by line legacy id. */
export interface OrderWithLines {
  legacyId: number;
  customerLegacyId: number;
  status: string;
  totalMinor: number;
  currency: string;
  createdAt: string;
  updatedAt: string;
  lines: Array<{ legacyId: number; productLegacyId: number; quantity: number; unitPriceMinor: number }>;
}

interface OrderRow {
  legacy_id: number;
  customer_legacy_id: number;
  status: string;
  total_minor: number;
  currency: string;
  created_at: string;
  updated_at: string;
}

interface LineRow {
  legacy_id: number;
  order_legacy_id: number;
  product_legacy_id: number;
  quantity: number;
  unit_price_minor: number;
}

const ORDER_COLUMNS = `"o"."legacy_id", "o"."customer_legacy_id", "o"."status", "o"."total_minor", "o"."currency", "o"."created_at", "o"."updated_at"`;

/** Read side of the orders service: a customer's orders and one order, each with its lines. */
export class OrdersReader {
  constructor(private readonly db: DataSource) {}

  /** A customer's visible orders, newest (highest legacy id) first, and how many there are. */
  async listForCustomer(customerLegacyId: number, offset: number, limit: number): Promise<{ orders: OrderWithLines[]; total: number }> {
    const where = `"o"."customer_legacy_id" = ?`;
    const rows = await runSql<OrderRow[]>(this.db, `SELECT ${ORDER_COLUMNS} FROM "orders" "o" WHERE ${where} ORDER BY "o"."legacy_id" DESC LIMIT ? OFFSET ?`, [customerLegacyId, limit, offset]);
    const [count] = await runSql<Array<{ total: number | string }>>(this.db, `SELECT COUNT(*) AS "total" FROM "orders" "o" WHERE ${where}`, [customerLegacyId]);
    return { orders: await this.withLines(rows), total: Number(count.total) };
  }

  /** The visible order with this legacy id, or null. */
  async byLegacyId(legacyId: number): Promise<OrderWithLines | null> {
    const rows = await runSql<OrderRow[]>(this.db, `SELECT ${ORDER_COLUMNS} FROM "orders" "o" WHERE "o"."legacy_id" = ?`, [legacyId]);
    return (await this.withLines(rows))[0] ?? null;
  }

  private async withLines(rows: OrderRow[]): Promise<OrderWithLines[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.legacy_id);
    const lines = await runSql<LineRow[]>(
      this.db,
      `SELECT "legacy_id", "order_legacy_id", "product_legacy_id", "quantity", "unit_price_minor" FROM "order_lines" WHERE "order_legacy_id" IN (${ids.map(() => "?").join(", ")}) ORDER BY "legacy_id"`,
      ids,
    );
    return rows.map((row) => ({
      legacyId: Number(row.legacy_id),
      customerLegacyId: Number(row.customer_legacy_id),
      status: row.status,
      totalMinor: Number(row.total_minor),
      currency: row.currency,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      lines: lines
        .filter((line) => Number(line.order_legacy_id) === Number(row.legacy_id))
        .map((line) => ({ legacyId: Number(line.legacy_id), productLegacyId: Number(line.product_legacy_id), quantity: Number(line.quantity), unitPriceMinor: Number(line.unit_price_minor) })),
    }));
  }
}
