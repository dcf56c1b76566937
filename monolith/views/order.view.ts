import type { Order, OrderLine, OrderStatus } from "../entities";

export interface OrderLineView {
  productId: number;
  quantity: number;
  unitPriceCents: number;
  lineTotalCents: number;
}

export interface OrderView {
  id: number;
  customerId: number;
  status: OrderStatus;
  totalCents: number;
  lines: OrderLineView[];
  createdAt: string;
  updatedAt: string;
}

export function orderView(order: Order, lines: OrderLine[]): OrderView {
  return {
    id: order.id,
    customerId: order.customerId,
    status: order.status,
    totalCents: order.totalCents,
    lines: [...lines]
      .sort((a, b) => a.id - b.id)
      .map((line) => ({
        productId: line.productId,
        quantity: line.quantity,
        unitPriceCents: line.unitPriceCents,
        lineTotalCents: line.quantity * line.unitPriceCents,
      })),
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}
