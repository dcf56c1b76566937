import { Router } from "express";
import type { DataSource } from "typeorm";
import { SHOP_ERROR_CODES, ShopError } from "../errors";

/** `GET /healthz`: 200 when the database answers, 503 otherwise. */
export function healthRoutes(dataSource: DataSource): Router {
  const router = Router();
  router.get("/healthz", async (_req, res) => {
    try {
      await dataSource.query("SELECT 1");
    } catch {
      throw new ShopError(503, SHOP_ERROR_CODES.databaseUnavailable, "The shop database does not answer");
    }
    res.json({ status: "ok" });
  });
  return router;
}
