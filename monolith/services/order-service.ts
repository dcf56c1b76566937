import { In, type EntityManager } from "typeorm";
import { Order, OrderLine, Product } from "../entities";
import { conflict, notFound, SHOP_ERROR_CODES, validationError } from "../errors";
import { offsetOf, type Page } from "../http/paging";
import type { Paging } from "../schemas/paging.schema";
import type { PlaceOrderInput } from "../schemas/order.schema";
import { orderView, type OrderView } from "../views/order.view";
import { nowIso } from "./clock";
import { lockStockRows } from "./dialect";
import { returnStock, takeStock } from "./inventory-service";
import type { ShopDatabase } from "./shop-database";

/** Orders: place (stock checked and taken atomically), read, list per customer, cancel. */
export class OrderService {
  constructor(private readonly db: ShopDatabase) {}

  /**
   * One transaction: prices are snapshotted, the total computed, and stock taken line by line with
   * a conditional update (never below zero, however requests interleave; on PostgreSQL the stock
   * rows are locked in id order first, so concurrent orders never deadlock). Any failing line
   * (unknown, inactive, short) rolls back the whole order.
   */
  place(customerId: number, input: PlaceOrderInput): Promise<OrderView> {
    return this.db.write(async (manager) => {
      const productIds = input.lines.map((line) => line.productId);
      const products = new Map((await manager.findBy(Product, { id: In(productIds) })).map((product) => [product.id, product]));
      const missing = input.lines.flatMap((line, index) =>
        products.has(line.productId) ? [] : [{ field: `lines.${index}.productId`, message: `product ${line.productId} does not exist` }],
      );
      if (missing.length > 0) throw validationError(missing);
      const inactive = productIds.find((id) => !products.get(id)!.active);
      if (inactive !== undefined) throw conflict(SHOP_ERROR_CODES.productInactive, `Product ${inactive} is no longer sold`);

      const now = nowIso();
      await lockStockRows(manager, productIds);
      const totalCents = input.lines.reduce((sum, line) => sum + line.quantity * products.get(line.productId)!.priceCents, 0);
      const order = await manager.save(Order, manager.create(Order, { customerId, status: "placed", totalCents, createdAt: now, updatedAt: now }));
      const lines: OrderLine[] = [];
      for (const line of input.lines) {
        if (!(await takeStock(manager, line.productId, line.quantity, now))) {
          throw conflict(SHOP_ERROR_CODES.insufficientStock, `Not enough stock of product ${line.productId} for ${line.quantity} units`);
        }
        const unitPriceCents = products.get(line.productId)!.priceCents;
        lines.push(await manager.save(OrderLine, manager.create(OrderLine, { orderId: order.id, productId: line.productId, quantity: line.quantity, unitPriceCents })));
      }
      return orderView(order, lines);
    });
  }

  /** The order if it belongs to `customerId`; someone else's order is reported as not found. */
  get(customerId: number, orderId: number): Promise<OrderView> {
    return this.db.read(async (manager) => {
      const order = await this.loadOwned(manager, customerId, orderId);
      return orderView(order, await manager.findBy(OrderLine, { orderId }));
    });
  }

  /** A customer's orders, newest first. */
  listForCustomer(customerId: number, paging: Paging): Promise<Page<OrderView>> {
    return this.db.read(async (manager) => {
      const [orders, total] = await manager.findAndCount(Order, {
        where: { customerId },
        order: { id: "DESC" },
        skip: offsetOf(paging.page, paging.pageSize),
        take: paging.pageSize,
      });
      const lines = orders.length === 0 ? [] : await manager.findBy(OrderLine, { orderId: In(orders.map((order) => order.id)) });
      const items = orders.map((order) => orderView(order, lines.filter((line) => line.orderId === order.id)));
      return { items, page: paging.page, pageSize: paging.pageSize, total };
    });
  }

  /**
   * Cancels a placed order and puts its stock back, in one transaction. The status changes only
   * while it is still `placed` (a conditional update): of two cancels at once, one returns the stock.
   */
  cancel(customerId: number, orderId: number): Promise<OrderView> {
    return this.db.write(async (manager) => {
      const order = await this.loadOwned(manager, customerId, orderId);
      const now = nowIso();
      if (order.status !== "placed" || !(await this.markCancelled(manager, orderId, now))) {
        const { status } = await this.loadOwned(manager, customerId, orderId);
        throw conflict(SHOP_ERROR_CODES.orderNotCancellable, `Order ${orderId} is ${status}`);
      }
      const lines = await manager.findBy(OrderLine, { orderId });
      await lockStockRows(manager, lines.map((line) => line.productId));
      for (const line of lines) await returnStock(manager, line.productId, line.quantity, now);
      return orderView({ ...order, status: "cancelled", updatedAt: now }, lines);
    });
  }

  private async markCancelled(manager: EntityManager, orderId: number, now: string): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(Order)
      .set({ status: "cancelled", updatedAt: now })
      .where("id = :orderId AND status = :placed", { orderId, placed: "placed" })
      .execute();
    return result.affected === 1;
  }

  private async loadOwned(manager: EntityManager, customerId: number, orderId: number): Promise<Order> {
    const order = await manager.findOneBy(Order, { id: orderId });
    if (!order || order.customerId !== customerId) throw notFound(SHOP_ERROR_CODES.orderNotFound, "Order", orderId);
    return order;
  }
}
