import type { Router } from "express";
import type { DataSource } from "typeorm";
import { healthRoute } from "../../../platform";
import { ORDERS_ERROR_CODES, OrdersError } from "../errors";

/** `GET /healthz`: 200 when the orders database answers, 503 otherwise. */
export function healthRoutes(dataSource: DataSource): Router {
  return healthRoute(
    () => dataSource.query("SELECT 1"),
    () => new OrdersError(503, ORDERS_ERROR_CODES.databaseUnavailable, "The orders database does not answer"),
  );
}
