import type { OrderWithLines } from "../domain";

/** An order in the shop's JSON, field for field and in the shop's order (its minor units are the shop's cents). */
export function legacyOrder(order: OrderWithLines) {
  return {
    id: order.legacyId,
    customerId: order.customerLegacyId,
    status: order.status,
    totalCents: order.totalMinor,
    lines: order.lines.map((line) => ({
      productId: line.productLegacyId,
      quantity: line.quantity,
      unitPriceCents: line.unitPriceMinor,
      lineTotalCents: line.quantity * line.unitPriceMinor,
    })),
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}
