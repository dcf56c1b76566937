import type { Router } from "express";
import type { DataSource } from "typeorm";
import { healthRoute } from "../../platform";
import { SHOP_ERROR_CODES, ShopError } from "../errors";

/** `GET /healthz`: 200 when the database answers, 503 otherwise. */
export function healthRoutes(dataSource: DataSource): Router {
  return healthRoute(
    () => dataSource.query("SELECT 1"),
    () => new ShopError(503, SHOP_ERROR_CODES.databaseUnavailable, "The shop database does not answer"),
  );
}
