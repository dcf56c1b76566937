import type { EntityManager } from "typeorm";
import { StockLevel, StockMovement, type StockMovementLine } from "../entities";
import { conflict, notFound, SHOP_ERROR_CODES } from "../errors";
import type { StockMovementInput } from "../schemas/inventory.schema";
import { stockMovementView, type StockMovementView } from "../views/stock-movement.view";
import { nowIso } from "./clock";
import { lockStockRows, lockUntilCommit } from "./dialect";
import { returnStock, takeStock } from "./inventory-service";
import type { ShopDatabase } from "./shop-database";

const sameLines = (a: readonly StockMovementLine[], b: readonly StockMovementLine[]): boolean =>
  a.length === b.length && a.every((line, i) => line.productId === b[i].productId && line.delta === b[i].delta);

/** Applies each line (all or nothing: the caller's transaction rolls back on a throw). */
async function applyLines(manager: EntityManager, lines: readonly StockMovementLine[], now: string): Promise<void> {
  await lockStockRows(manager, lines.map((line) => line.productId));
  for (const { productId, delta } of lines) {
    if (!(await manager.existsBy(StockLevel, { productId }))) throw notFound(SHOP_ERROR_CODES.productNotFound, "Product", productId);
    if (delta > 0) await returnStock(manager, productId, delta, now);
    else if (!(await takeStock(manager, productId, -delta, now))) throw conflict(SHOP_ERROR_CODES.insufficientStock, `Not enough stock of product ${productId} for ${-delta} units`);
  }
}

/** Taken first in each unit of work about `key`, before it reads the key's row. */
const lockKey = (manager: EntityManager, key: string): Promise<void> => lockUntilCommit(manager, `stock_movements:${key}`);

/** What a movement call did: `created` is false when the key had been seen (the first answer again). */
export interface MovementOutcome {
  created: boolean;
  movement: StockMovementView;
}

/**
 * Stock changes by idempotency key, for callers outside the shop (an extracted service taking stock
 * for its orders): each key changes stock at most once, all lines in one transaction, and a key can
 * be reverted once (its lines undone). Reverting an unknown key records it as reverted, so a
 * request with that key still in flight cannot take the stock afterwards. Calls with the same key
 * run one after the other (lockKey), so two at once can neither both apply nor both revert.
 */
export class StockMovementService {
  constructor(private readonly db: ShopDatabase) {}

  move(input: StockMovementInput): Promise<MovementOutcome> {
    return this.db.write(async (manager) => {
      await lockKey(manager, input.key);
      const existing = await manager.findOneBy(StockMovement, { key: input.key });
      if (existing) {
        if (existing.state === "reverted") throw conflict(SHOP_ERROR_CODES.stockMovementReverted, `Stock movement ${input.key} was reverted; use a new key`);
        if (!sameLines(JSON.parse(existing.lines) as StockMovementLine[], input.lines)) {
          throw conflict(SHOP_ERROR_CODES.idempotencyKeyReused, `Stock movement ${input.key} was made with other lines; use a new key for a new movement`);
        }
        return { created: false, movement: stockMovementView(existing) };
      }
      const now = nowIso();
      await applyLines(manager, input.lines, now);
      const movement = await manager.save(StockMovement, manager.create(StockMovement, { key: input.key, lines: JSON.stringify(input.lines), state: "applied", createdAt: now, revertedAt: null }));
      return { created: true, movement: stockMovementView(movement) };
    });
  }

  revert(key: string): Promise<StockMovementView> {
    return this.db.write(async (manager) => {
      await lockKey(manager, key);
      const now = nowIso();
      const existing = await manager.findOneBy(StockMovement, { key });
      if (!existing) {
        // Never applied: remembered as reverted, so the original request, if it arrives late, changes nothing.
        return stockMovementView(await manager.save(StockMovement, manager.create(StockMovement, { key, lines: "[]", state: "reverted", createdAt: now, revertedAt: now })));
      }
      if (existing.state === "reverted") return stockMovementView(existing);
      const lines = JSON.parse(existing.lines) as StockMovementLine[];
      // Undoing a take always fits; undoing an addition may not (the units were sold since): then nothing changes.
      await applyLines(manager, lines.map((line) => ({ productId: line.productId, delta: -line.delta })), now);
      existing.state = "reverted";
      existing.revertedAt = now;
      return stockMovementView(await manager.save(StockMovement, existing));
    });
  }

  get(key: string): Promise<StockMovementView> {
    return this.db.read(async (manager) => {
      const movement = await manager.findOneBy(StockMovement, { key });
      if (!movement) throw notFound(SHOP_ERROR_CODES.stockMovementNotFound, "Stock movement", key);
      return stockMovementView(movement);
    });
  }
}
