import type { EntityManager } from "typeorm";
import { StockLevel } from "../entities";
import { conflict, notFound, SHOP_ERROR_CODES } from "../errors";
import { stockLevelView, type StockLevelView } from "../views/stock-level.view";
import { nowIso } from "./clock";
import type { ShopDatabase } from "./shop-database";

/**
 * Takes `quantity` units of a product if that many are on hand. The condition sits in the UPDATE
 * itself, so stock cannot go below zero however requests interleave; returns false when short.
 */
export async function takeStock(manager: EntityManager, productId: number, quantity: number, now: string): Promise<boolean> {
  const result = await manager
    .createQueryBuilder()
    .update(StockLevel)
    .set({ quantity: () => "quantity - :take", updatedAt: now })
    .where("product_id = :productId AND quantity >= :take", { productId, take: quantity })
    .execute();
  return result.affected === 1;
}

/** Puts `quantity` units of a product back (a cancelled order). */
export async function returnStock(manager: EntityManager, productId: number, quantity: number, now: string): Promise<void> {
  await manager
    .createQueryBuilder()
    .update(StockLevel)
    .set({ quantity: () => "quantity + :give", updatedAt: now })
    .where("product_id = :productId", { productId, give: quantity })
    .execute();
}

/** Stock on hand per product: read, set, adjust. */
export class InventoryService {
  constructor(private readonly db: ShopDatabase) {}

  get(productId: number): Promise<StockLevelView> {
    return this.db.read(async (manager) => stockLevelView(await this.load(manager, productId)));
  }

  set(productId: number, quantity: number): Promise<StockLevelView> {
    return this.db.write(async (manager) => {
      const level = await this.load(manager, productId);
      level.quantity = quantity;
      level.updatedAt = nowIso();
      return stockLevelView(await manager.save(StockLevel, level));
    });
  }

  /** Adds `delta` (negative to remove); refuses to go below zero. */
  adjust(productId: number, delta: number): Promise<StockLevelView> {
    return this.db.write(async (manager) => {
      const level = await this.load(manager, productId);
      const now = nowIso();
      if (delta > 0) {
        await returnStock(manager, productId, delta, now);
      } else if (!(await takeStock(manager, productId, -delta, now))) {
        throw conflict(SHOP_ERROR_CODES.insufficientStock, `Product ${productId} has ${level.quantity} in stock; cannot remove ${-delta}`);
      }
      return stockLevelView(await this.load(manager, productId));
    });
  }

  private async load(manager: EntityManager, productId: number): Promise<StockLevel> {
    const level = await manager.findOneBy(StockLevel, { productId });
    if (!level) throw notFound(SHOP_ERROR_CODES.productNotFound, "Product", productId);
    return level;
  }
}
