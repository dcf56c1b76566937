import type { Router } from "express";
import type { DataSource } from "typeorm";
import { healthRoute } from "../../../platform";
import { CATALOG_ERROR_CODES, CatalogError } from "../errors";

/** `GET /healthz`: 200 when the catalog database answers, 503 otherwise. */
export function healthRoutes(dataSource: DataSource): Router {
  return healthRoute(
    () => dataSource.query("SELECT 1"),
    () => new CatalogError(503, CATALOG_ERROR_CODES.databaseUnavailable, "The catalog database does not answer"),
  );
}
