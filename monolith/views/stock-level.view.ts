import type { StockLevel } from "../entities";

export interface StockLevelView {
  productId: number;
  quantity: number;
  updatedAt: string;
}

export function stockLevelView(level: StockLevel): StockLevelView {
  return { productId: level.productId, quantity: level.quantity, updatedAt: level.updatedAt };
}
