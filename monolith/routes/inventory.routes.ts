import { Router, type RequestHandler } from "express";
import { z } from "zod";
import { parseInput } from "../http/validate";
import { positiveIntString } from "../schemas/common.schema";
import { adjustStockBody, movementParams, setStockBody, stockMovementBody } from "../schemas/inventory.schema";
import type { InventoryService } from "../services/inventory-service";
import type { StockMovementService } from "../services/stock-movement-service";

const productParams = z.object({ productId: positiveIntString() });

/**
 * `/inventory/:productId`: public read of stock on hand, admin set and adjust; `/inventory/movements`:
 * admin stock changes by idempotency key, and their revert (docs/monolith.md).
 */
export function inventoryRoutes(inventory: InventoryService, movements: StockMovementService, admin: RequestHandler): Router {
  const router = Router();

  // Before `/inventory/:productId`: "movements" is not a product id.
  router.post("/inventory/movements", admin, async (req, res) => {
    const outcome = await movements.move(parseInput(stockMovementBody, req.body));
    res.status(outcome.created ? 201 : 200).json(outcome.movement);
  });

  router.get("/inventory/movements/:key", admin, async (req, res) => {
    const { key } = parseInput(movementParams, req.params, "params");
    res.json(await movements.get(key));
  });

  router.post("/inventory/movements/:key/revert", admin, async (req, res) => {
    const { key } = parseInput(movementParams, req.params, "params");
    res.json(await movements.revert(key));
  });

  router.get("/inventory/:productId", async (req, res) => {
    const { productId } = parseInput(productParams, req.params, "params");
    res.json(await inventory.get(productId));
  });

  router.put("/inventory/:productId", admin, async (req, res) => {
    const { productId } = parseInput(productParams, req.params, "params");
    const { quantity } = parseInput(setStockBody, req.body);
    res.json(await inventory.set(productId, quantity));
  });

  router.post("/inventory/:productId/adjustments", admin, async (req, res) => {
    const { productId } = parseInput(productParams, req.params, "params");
    const { delta } = parseInput(adjustStockBody, req.body);
    res.json(await inventory.adjust(productId, delta));
  });

  return router;
}
