import type { Express } from "express";
import type { DataSource } from "typeorm";
import type { Logger } from "../../platform";
import { createServiceApp, type HeadSource, type LegacyCalls, type OwnershipSource, type ParkedSource, type ServiceAppCodes, type StatusSource } from "../../service-kit";
import { OrdersReader } from "./domain";
import { LEGACY_WIRE_CODES, ORDERS_ERROR_CODES } from "./errors";
import { healthRoutes } from "./http/health.routes";
import { legacyJsonBody } from "./http/legacy-json-body";
import { customerOrderRoutes, orderRoutes } from "./http/order.routes";
import { orderWriteRoutes } from "./http/order-write.routes";
import { requireCustomer } from "./http/session-cookie";
import { OrderWriter } from "./writes/order-writer";
import type { shopStock } from "./writes/shop-stock";

export interface OrdersAppDeps {
  /** Initialized and migrated. */
  dataSource: DataSource;
  logger: Logger;
  /** Status of the running consumers (empty when sync is off). */
  syncStatus?: StatusSource;
  /** Ownership of the write group (empty without the monolith's database). */
  ownership?: OwnershipSource;
  /** The running consumer's parked changes (null or absent while sync is off). */
  parked?: ParkedSource;
  /** The head of the orders service's own change log (absent while sync is off). */
  syncHead?: HeadSource;
  /** The write routes' stock calls to the shop (absent: the service serves reads only). */
  writes?: { calls: LegacyCalls; stock: ReturnType<typeof shopStock> };
}

/** What the orders service answers around its routes: the kit's sync endpoints and its error handler. */
const CODES: ServiceAppCodes = {
  syncUnavailable: ORDERS_ERROR_CODES.syncUnavailable,
  discardAmbiguous: ORDERS_ERROR_CODES.discardAmbiguous,
  validation: LEGACY_WIRE_CODES.validation,
  malformedBody: ORDERS_ERROR_CODES.malformedBody,
  notFound: LEGACY_WIRE_CODES.notFound,
  internal: ORDERS_ERROR_CODES.internal,
  writeFenced: LEGACY_WIRE_CODES.writeFenced,
};

/** Header every answer of this service carries (`orders`), so a reader through the proxy can tell who served it. */
export { SERVED_BY_HEADER } from "../../service-kit";

/** Builds the orders service's express app. It never listens: main.ts and the tests do. */
export function createOrdersApp({ dataSource, logger, syncStatus = async () => [], ownership = async () => [], parked = () => null, syncHead, writes }: OrdersAppDeps): Express {
  const reader = new OrdersReader(dataSource);
  const customer = requireCustomer(dataSource);
  return createServiceApp({ name: "orders", logger, codes: CODES, syncStatus, ownership, parked, syncHead }, (app) => {
    app.use(healthRoutes(dataSource));
    app.use(["/orders", "/customers"], legacyJsonBody());
    app.use(customerOrderRoutes(reader, customer));
    if (writes) app.use(orderWriteRoutes(new OrderWriter(dataSource, reader, writes.calls, writes.stock), customer));
    app.use(orderRoutes(reader, customer));
  });
}
