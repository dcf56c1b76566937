import { randomUUID } from "node:crypto";
import type { DataSource, EntityManager } from "typeorm";
import { readWriteFence, runSql, runSqlCountingOn, setCaptureRequestId } from "../../../cdc";
import { writeFencedAnswer } from "../../../platform";
import { LegacyIds, type LegacyCalls } from "../../../service-kit";
import { ordersId, SHOP_CURRENCY, type OrderWithLines, type OrdersReader } from "../domain";
import { LEGACY_WIRE_CODES, orderNotFound, OrdersError, validationError } from "../errors";
import { stockCallError } from "./order-errors";
import type { shopStock, StockLine, StockPayload } from "./shop-stock";

/** The monolith ids the orders service hands out once it owns `orders-writes` (service kit's LegacyIds). */
const legacyIds = new LegacyIds("orders_legacy_ids");

interface Product {
  legacy_id: number;
  price_minor: number;
  /** 1/0 on SQLite, true/false on PostgreSQL. */
  active: number | boolean;
}

/**
 * Placing and cancelling orders in the service, with the shop's stock (which stays in the monolith)
 * taken and given back through the shop's inventory API: each order's stock movement and the
 * order's rows happen both or neither (service kit's LegacyCalls; docs/orders.md, "Writes").
 */
export class OrderWriter {
  constructor(
    private readonly db: DataSource,
    private readonly reader: OrdersReader,
    private readonly calls: LegacyCalls,
    private readonly stock: ReturnType<typeof shopStock>,
  ) {}

  /** The shop's `POST /orders`: prices from the product replica, stock taken in the shop, the order written here. */
  async place(customerId: number, lines: StockLine[], requestId?: string): Promise<OrderWithLines> {
    await this.assertOwned();
    const products = await this.products(lines);
    const key = randomUUID();
    const payload: StockPayload = { lines, direction: "take" };
    try {
      const legacyId = await this.calls.run("shop-stock", {
        key,
        payload,
        call: () => this.stock.move(key, payload),
        commit: (tx) => this.insertOrder(tx, customerId, lines, products, key, requestId),
      });
      return (await this.reader.byLegacyId(legacyId))!;
    } catch (err) {
      throw stockCallError(err, lines);
    }
  }

  /** The shop's `POST /orders/:id/cancel`: its stock given back in the shop, the order marked cancelled here. */
  async cancel(customerId: number, orderId: number, requestId?: string): Promise<OrderWithLines> {
    await this.assertOwned();
    const order = await this.reader.byLegacyId(orderId);
    if (!order || order.customerLegacyId !== customerId) throw orderNotFound(orderId);
    if (order.status !== "placed") throw new OrdersError(409, LEGACY_WIRE_CODES.orderNotCancellable, `Order ${orderId} is ${order.status}`);
    const lines = order.lines.map((line) => ({ productId: line.productLegacyId, quantity: line.quantity }));
    const key = randomUUID();
    const payload: StockPayload = { lines, direction: "give" };
    try {
      await this.calls.run("shop-stock", {
        key,
        payload,
        call: () => this.stock.move(key, payload),
        commit: async (tx) => {
          if (requestId) await setCaptureRequestId(tx, requestId);
          // Rows changed, counted alike on SQLite and PostgreSQL (their drivers shape an UPDATE's result differently).
          const changed = await runSqlCountingOn(tx.queryRunner!, `UPDATE "orders" SET "status" = 'cancelled', "updated_at" = ? WHERE "legacy_id" = ? AND "status" = 'placed'`, [new Date().toISOString(), orderId]);
          // Cancelled meanwhile by a concurrent request: this call's stock goes back (compensated).
          if (changed !== 1) throw new OrdersError(409, LEGACY_WIRE_CODES.orderNotCancellable, `Order ${orderId} is cancelled`);
          if (requestId) await setCaptureRequestId(tx, null);
        },
      });
      return (await this.reader.byLegacyId(orderId))!;
    } catch (err) {
      throw stockCallError(err, lines);
    }
  }

  /** Writes only while the service owns them: a fenced table answers the fence's 503 before any stock moves. */
  private async assertOwned(): Promise<void> {
    const fences = await readWriteFence(this.db);
    if (fences.some((fence) => fence.table === "orders" || fence.table === "order_lines")) throw writeFencedAnswer(LEGACY_WIRE_CODES.writeFenced);
  }

  /** The replica rows of the lines' products, or the shop's 400 (unknown product) / 409 (no longer sold). */
  private async products(lines: readonly StockLine[]): Promise<Map<number, Product>> {
    const ids = lines.map((line) => line.productId);
    const rows = await runSql<Product[]>(this.db, `SELECT "legacy_id", "price_minor", "active" FROM "order_products" WHERE "legacy_id" IN (${ids.map(() => "?").join(", ")})`, ids);
    const products = new Map(rows.map((row) => [Number(row.legacy_id), row]));
    const missing = lines.flatMap((line, index) => (products.has(line.productId) ? [] : [{ field: `lines.${index}.productId`, message: `product ${line.productId} does not exist` }]));
    if (missing.length > 0) throw validationError(missing);
    const inactive = ids.find((id) => !Number(products.get(id)!.active));
    if (inactive !== undefined) throw new OrdersError(409, LEGACY_WIRE_CODES.productInactive, `Product ${inactive} is no longer sold`);
    return products;
  }

  /** The order and its lines, with the monolith ids continuing its sequences; returns the order's id. */
  private async insertOrder(tx: EntityManager, customerId: number, lines: readonly StockLine[], products: Map<number, Product>, stockKey: string, requestId?: string): Promise<number> {
    if (requestId) await setCaptureRequestId(tx, requestId);
    const now = new Date().toISOString();
    const legacyId = await legacyIds.next(tx, "orders");
    const total = lines.reduce((sum, line) => sum + line.quantity * Number(products.get(line.productId)!.price_minor), 0);
    await runSql(
      tx,
      `INSERT INTO "orders" ("id", "legacy_id", "customer_legacy_id", "status", "total_minor", "currency", "created_at", "updated_at", "stock_key") VALUES (?, ?, ?, 'placed', ?, ?, ?, ?, ?)`,
      [ordersId("order", legacyId), legacyId, customerId, total, SHOP_CURRENCY, now, now, stockKey],
    );
    for (const line of lines) {
      const lineId = await legacyIds.next(tx, "order_lines");
      await runSql(tx, `INSERT INTO "order_lines" ("id", "legacy_id", "order_legacy_id", "product_legacy_id", "quantity", "unit_price_minor", "currency") VALUES (?, ?, ?, ?, ?, ?, ?)`, [
        ordersId("line", lineId),
        lineId,
        legacyId,
        line.productId,
        line.quantity,
        Number(products.get(line.productId)!.price_minor),
        SHOP_CURRENCY,
      ]);
    }
    if (requestId) await setCaptureRequestId(tx, null);
    return legacyId;
  }
}
