import express, { type Express } from "express";
import { errorHandler, notFoundHandler, requestId, requestLog, type Logger } from "../../platform";
import { parkedRoutes, type ParkedSource } from "./parked.routes";
import type { SyncErrorCodes } from "./sync-error-codes";
import { syncHeadRoutes, type HeadSource } from "./sync-head.routes";
import { syncStatusRoutes, type OwnershipSource, type StatusSource } from "./sync-status.routes";

/** Header every answer of a service carries (its name), so a reader through the proxy can tell who served it. */
export const SERVED_BY_HEADER = "x-served-by";

/** The codes a service's app answers with: the kit's sync endpoints', and its error handler's. */
export interface ServiceAppCodes extends SyncErrorCodes {
  malformedBody: string;
  /** An unknown path (a legacy wire code when the service answers for the legacy app's routes). */
  notFound: string;
  internal: string;
  /** A write its database refused because the table is fenced. */
  writeFenced: string;
}

export interface ServiceAppOptions {
  /** The service's name: its `x-served-by` value and the `service` of its sync status. */
  name: string;
  logger: Logger;
  codes: ServiceAppCodes;
  syncStatus: StatusSource;
  ownership: OwnershipSource;
  parked: ParkedSource;
  /** The head of the service's own change log (absent: sync off, the endpoint answers 503). */
  syncHead?: HeadSource;
}

/**
 * A service's express app, the same around every service: request ids, the access log,
 * `x-served-by: <name>`, the sync-status, log-head and parked-change endpoints, then the service's own
 * `routes`, then 404 and the error envelope (never a stack trace). No ETags unless a route sets one
 * (the legacy app's routes decide). It never listens: main.ts and the tests do.
 */
export function createServiceApp(options: ServiceAppOptions, routes: (app: Express) => void): Express {
  const { name, logger, codes } = options;
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.use(requestId());
  app.use(requestLog(logger));
  app.use((_req, res, next) => {
    res.setHeader(SERVED_BY_HEADER, name);
    next();
  });
  app.use(syncStatusRoutes(name, codes, options.syncStatus, options.ownership));
  app.use(syncHeadRoutes(codes, options.syncHead ?? (async () => null)));
  app.use(parkedRoutes(name, codes, options.parked));
  routes(app);
  app.use(notFoundHandler({ notFound: codes.notFound }));
  app.use(errorHandler(logger, { malformedBody: codes.malformedBody, notFound: codes.notFound, internal: codes.internal, writeFenced: codes.writeFenced }));
  return app;
}
