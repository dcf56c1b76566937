import type { Express } from "express";
import { Registry } from "prom-client";
import type { DataSource } from "typeorm";
import type { Logger } from "../../platform";
import { DEV_ADMIN_TOKEN } from "./config";
import { CatalogReader, CatalogWriter } from "./domain";
import { CATALOG_ERROR_CODES, LEGACY_WIRE_CODES } from "./errors";
import { requireAdmin } from "./http/admin-auth";
import { categoryWriteRoutes } from "./http/category-write.routes";
import { categoryRoutes } from "./http/category.routes";
import { healthRoutes } from "./http/health.routes";
import { metricsRoutes } from "./http/metrics.routes";
import { productWriteRoutes } from "./http/product-write.routes";
import { productRoutes } from "./http/product.routes";
import { createServiceApp, type HeadSource, type OwnershipSource, type ParkedSource, type ServiceAppCodes, type StatusSource } from "../../service-kit";

export interface CatalogAppDeps {
  /** Initialized and migrated. */
  dataSource: DataSource;
  logger: Logger;
  /** Status of the running consumers (empty when sync is off). */
  syncStatus?: StatusSource;
  /** Ownership of the write group (empty when the service runs without the monolith's database). */
  ownership?: OwnershipSource;
  /** The head of the catalog's own change log (absent while sync is off). */
  syncHead?: HeadSource;
  /** The running consumer's parked changes (null or absent while sync is off). */
  parked?: ParkedSource;
  /** Bearer token of the write routes (config `adminToken`, the monolith's SHOP_ADMIN_TOKEN); the development token when omitted. */
  adminToken?: string;
  /** What `GET /metrics` serves (the registry the consumers and the relay record in); an empty registry when omitted. */
  metrics?: Registry;
  /** Bearer token of `GET /metrics` (config `metricsToken`); null or omitted: it answers 503. */
  metricsToken?: string | null;
}

/** What the catalog answers around its routes: the kit's sync endpoints (internal validation keeps the legacy wording) and its error handler. */
const CODES: ServiceAppCodes = {
  syncUnavailable: CATALOG_ERROR_CODES.syncUnavailable,
  discardAmbiguous: CATALOG_ERROR_CODES.discardAmbiguous,
  validation: LEGACY_WIRE_CODES.validation,
  malformedBody: CATALOG_ERROR_CODES.malformedBody,
  notFound: LEGACY_WIRE_CODES.notFound,
  internal: CATALOG_ERROR_CODES.internal,
  // The legacy write routes answer a fenced write as the monolith does.
  writeFenced: LEGACY_WIRE_CODES.writeFenced,
};

/** Header every answer of this service carries (`catalog`), so a reader through the proxy can tell who served it. */
export { SERVED_BY_HEADER } from "../../service-kit";

/** Builds the catalog service's express app. It never listens: main.ts and the tests do. */
export function createCatalogApp({
  dataSource,
  logger,
  syncStatus = async () => [],
  ownership = async () => [],
  parked = () => null,
  syncHead,
  adminToken = DEV_ADMIN_TOKEN,
  metrics = new Registry(),
  metricsToken = null,
}: CatalogAppDeps): Express {
  const reader = new CatalogReader(dataSource);
  const writer = new CatalogWriter(dataSource);
  const admin = requireAdmin(adminToken);
  // Only product reads carry an ETag, derived from the legacy product JSON (as in the monolith).
  return createServiceApp({ name: "catalog", logger, codes: CODES, syncStatus, ownership, parked, syncHead }, (app) => {
    app.use(healthRoutes(dataSource));
    app.use(metricsRoutes(metrics, metricsToken));
    app.use(categoryRoutes(reader));
    app.use(productRoutes(reader));
    app.use(categoryWriteRoutes(writer, admin));
    app.use(productWriteRoutes(writer, admin));
  });
}
