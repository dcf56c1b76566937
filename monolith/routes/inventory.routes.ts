import { Router, type RequestHandler } from "express";
import { z } from "zod";
import { parseInput } from "../http/validate";
import { positiveIntString } from "../schemas/common.schema";
import { adjustStockBody, setStockBody } from "../schemas/inventory.schema";
import type { InventoryService } from "../services/inventory-service";

const productParams = z.object({ productId: positiveIntString() });

/** `/inventory/:productId`: public read of stock on hand, admin set and adjust. */
export function inventoryRoutes(inventory: InventoryService, admin: RequestHandler): Router {
  const router = Router();

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
