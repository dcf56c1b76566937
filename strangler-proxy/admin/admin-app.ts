import express, { type Express, type Request } from "express";
import { errorHandler, notFoundHandler, requestId, requestLog, type Logger } from "../../platform";
import type { UpstreamConfig } from "../config/schema";
import { ProxyErrorCode } from "../errors";
import { clientApi, type ClientApi, type FlagSource, type FlagStore, type RouteFlags } from "../flags";
import type { RouteTable } from "../routing";
import { requireAdminToken, tokenFrom, tokenMatches } from "./admin-auth";
import { dashboardRouter } from "./dashboard/dashboard-router";
import { fenceApi } from "./fence-api";
import { groupsApi } from "./groups-api";
import { upstreamHealthy } from "./health";
import type { ProxyMetrics } from "../metrics";
import { routesApi } from "./routes-api";
import { shadowApi } from "./shadow-api";
import { syncApi } from "./sync-api";
import { trafficApi } from "./traffic-api";
import type { Breakers } from "../breaker";
import type { PromotionGates } from "../gates";
import type { ShadowLedger } from "../shadow";

export interface AdminAppOptions {
  table: RouteTable;
  upstreams: readonly UpstreamConfig[];
  flags: FlagSource;
  /** The routes' stage and fence flags, read as the proxy reads them. */
  routeFlags: RouteFlags;
  store?: FlagStore;
  flagsUrl?: string;
  metrics: ProxyMetrics;
  ledger?: ShadowLedger;
  gates?: PromotionGates;
  breakers?: Breakers;
  adminToken: string;
  /** Extra tokens the Unleash client API accepts besides the admin token. */
  clientTokens: readonly string[];
  logger: Logger;
}

/** The admin listener's app plus what must be closed with it. */
export interface AdminApp {
  app: Express;
  close(): void;
}

/**
 * Admin API (own listener, 8081): health, readiness and the dashboard page without a token; everything else needs
 * `Authorization: Bearer <admin token>`. Hosts the flag store's Unleash client API when `store` is set.
 */
export function buildAdminApp(options: AdminAppOptions): AdminApp {
  const { logger, flags, routeFlags, metrics } = options;
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.use(requestId());
  app.use(requestLog(logger));

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });

  app.get("/readyz", async (_req, res) => {
    const upstreams = await Promise.all(
      options.upstreams.map(async (u) => ({ name: u.name, default: u.default, up: await upstreamHealthy(u, 1000) })),
    );
    const ready = flags.isReady() && upstreams.every((u) => u.up || !u.default);
    res.status(ready ? 200 : 503).json({
      ready,
      flags: flags.isReady() ? "ready" : "not loaded yet",
      ...(flags.lastError() ? { flagSourceError: flags.lastError() } : {}),
      upstreams: Object.fromEntries(upstreams.map((u) => [u.name, u.up ? "up" : "down"])),
      ...(ready ? {} : { error: { code: ProxyErrorCode.notReady, message: "Flags are not loaded yet or the default upstream is down" } }),
    });
  });

  // The operator page holds no data (its calls carry the token), so it is served before the token check.
  app.use(dashboardRouter());

  let api: ClientApi | undefined;
  if (options.store) {
    const accepted = [options.adminToken, ...options.clientTokens];
    api = clientApi({ store: options.store, authorize: (req: Request) => tokenMatches(tokenFrom(req.headers.authorization), accepted) });
    app.use(api.router);
  }

  app.use(requireAdminToken(options.adminToken));
  app.get("/metrics", async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.use(express.json({ limit: "16kb" }));
  app.use(shadowApi({ table: options.table, routeFlags, store: options.store, ledger: options.ledger, gates: options.gates, breakers: options.breakers }));
  app.use(routesApi({ table: options.table, flags, routeFlags, store: options.store, flagsUrl: options.flagsUrl, metrics, logger, gates: options.gates, breakers: options.breakers }));
  app.use(groupsApi({ table: options.table, routeFlags, store: options.store, flagsUrl: options.flagsUrl, gates: options.gates }));
  app.use(fenceApi({ table: options.table, store: options.store, flagsUrl: options.flagsUrl }));
  app.use(trafficApi({ table: options.table, metrics }));
  app.use(syncApi({ upstreams: options.upstreams, defaultUpstream: options.table.defaultUpstream, logger }));
  app.use(notFoundHandler({ notFound: ProxyErrorCode.notFound }));
  app.use(errorHandler(logger, { malformedBody: ProxyErrorCode.malformedBody, notFound: ProxyErrorCode.notFound, internal: ProxyErrorCode.internal }));

  return { app, close: () => api?.close() };
}
