import type { StockMovement, StockMovementLine, StockMovementState } from "../entities";

export interface StockMovementView {
  key: string;
  state: StockMovementState;
  lines: StockMovementLine[];
  createdAt: string;
  revertedAt: string | null;
}

export function stockMovementView(movement: StockMovement): StockMovementView {
  return { key: movement.key, state: movement.state, lines: JSON.parse(movement.lines) as StockMovementLine[], createdAt: movement.createdAt, revertedAt: movement.revertedAt };
}
