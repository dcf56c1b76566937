import express, { type Express } from "express";
import type { DataSource } from "typeorm";
import { errorHandler, notFoundHandler, requestId, requestLog, type Logger } from "../platform";
import type { MonolithConfig } from "./config";
import { SHOP_ERROR_CODES } from "./errors";
import { requireAdmin } from "./http/admin-auth";
import { requireCustomer } from "./http/customer-session";
import { categoryRoutes } from "./routes/category.routes";
import { customerRoutes } from "./routes/customer.routes";
import { healthRoutes } from "./routes/health.routes";
import { inventoryRoutes } from "./routes/inventory.routes";
import { legacyRoutes } from "./routes/legacy.routes";
import { orderRoutes } from "./routes/order.routes";
import { productRoutes } from "./routes/product.routes";
import { createShopServices } from "./services";

export interface ShopAppDeps {
  /** Initialized and migrated. */
  dataSource: DataSource;
  config: Pick<MonolithConfig, "adminToken">;
  logger: Logger;
}

/** Builds the shop's express app. It never listens: main.ts and the tests do. */
export function createApp({ dataSource, config, logger }: ShopAppDeps): Express {
  const services = createShopServices(dataSource);
  const admin = requireAdmin(config.adminToken);
  const customer = requireCustomer(services.sessions);

  const app = express();
  app.disable("x-powered-by");
  // Only product reads carry an ETag, derived from the product itself (see routes/product.routes.ts).
  app.set("etag", false);
  app.use(requestId());
  app.use(requestLog(logger));
  app.use(express.json({ limit: "100kb" }));

  app.use(healthRoutes(dataSource));
  app.use(categoryRoutes(services.categories, admin));
  app.use(productRoutes(services.products, admin));
  app.use(inventoryRoutes(services.inventory, services.stockMovements, admin));
  app.use(customerRoutes(services, customer));
  app.use(orderRoutes(services.orders, customer));
  app.use(legacyRoutes(services.products));

  app.use(notFoundHandler({ notFound: SHOP_ERROR_CODES.notFound }));
  app.use(
    errorHandler(logger, {
      malformedBody: SHOP_ERROR_CODES.malformedBody,
      notFound: SHOP_ERROR_CODES.notFound,
      internal: SHOP_ERROR_CODES.internal,
      writeFenced: SHOP_ERROR_CODES.writeFenced,
    }),
  );
  return app;
}
