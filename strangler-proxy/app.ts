import type { IncomingMessage, RequestListener } from "node:http";
import type { Socket } from "node:net";
import type { Express } from "express";
import { REQUEST_ID_HEADER, requestIdFrom, type Logger } from "../platform";
import { buildAdminApp } from "./admin/admin-app";
import { probe } from "./admin/health";
import { Breakers } from "./breaker";
import { ProxyMetrics } from "./admin/metrics";
import type { ProxyFileConfig } from "./config/schema";
import { ProxyErrorCode } from "./errors";
import { createForwarder, Fallback } from "./forward";
import { PromotionGates } from "./gates";
import type { FlagSource, FlagStore } from "./flags";
import { buildPipeline, runPipeline } from "./pipeline";
import { buildRouteTable } from "./routing";
import { ShadowMirror, type ShadowLedger } from "./shadow";
import { upgradeHandler } from "./stages/upgrade-handler";

export interface ProxyAppsOptions {
  file: Readonly<ProxyFileConfig>;
  flags: FlagSource;
  /** The embedded flag store, when this instance hosts it. */
  store?: FlagStore;
  /** The flag source URL of an instance that does not host the store. */
  flagsUrl?: string;
  adminToken: string;
  clientTokens?: readonly string[];
  /** The shadow ledger (proxy.sqlite); absent: no shadow traffic on this instance. */
  ledger?: ShadowLedger;
  logger: Logger;
}

/** Both apps of one proxy instance, built but not listening. */
export interface ProxyApps {
  /** The proxy listener's request handler (8080). */
  proxyApp: RequestListener;
  /** The admin listener's app (8081). */
  adminApp: Express;
  /** `server.on("upgrade", handleUpgrade)` on the proxy listener: websockets follow the same routing. */
  handleUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void;
  metrics: ProxyMetrics;
  /** Ends open websocket connections (before closing the proxy listener, which waits for them). */
  closeUpgrades(): void;
  close(): void;
}

/** Builds the proxy and admin apps of one instance (tests use them; main.ts listens). */
export function buildProxyApps(options: ProxyAppsOptions): ProxyApps {
  const { file, flags, logger } = options;
  const table = buildRouteTable(file);
  const metrics = new ProxyMetrics();
  const { ledger } = options;
  // Services only: the default upstream is the fallback itself and is never skipped.
  const breakers = new Breakers(
    file.upstreams.filter((u) => !u.default),
    (url) => probe(url, 1000),
    (snapshot) => logger.warn("circuit breaker changed", { ...snapshot }),
  );
  const fallback = new Fallback(breakers, table.defaultUpstream, (route, upstream, cause) => metrics.countFallback(route, upstream, cause), logger);
  const forwarder = createForwarder(
    file.upstreams.map((u) => ({ name: u.name, url: u.url, timeoutMs: u.timeoutMs })),
    logger,
    fallback.hooks(),
  );
  fallback.attach(forwarder);
  const mirror = ledger ? new ShadowMirror(file.upstreams, table.defaultUpstream, forwarder, ledger, breakers, logger) : undefined;
  const gates = new PromotionGates(file.upstreams, file.gates, (routeId) => ledger?.statsOf(routeId));
  ledger?.onRecord((route, outcome) => metrics.countShadow(route, outcome));
  metrics.observe({ matchRates: () => ledger?.matchRates() ?? [], breakerStates: () => breakers.snapshots() });
  const deps = { table, flags, stickiness: file.stickiness, maxPathBytes: file.limits.maxPathBytes, forwarder, metrics, logger, fallback, mirror };
  const stages = buildPipeline(deps);

  // The primary path is a plain node handler, not an Express app: measured on this stack, Express 5
  // adds ~130 µs of CPU per proxied request (it re-prototypes req/res), more than routing, flags and
  // http-proxy-middleware together (docs/proxy.md, "Performance"). Express serves the admin API.
  const proxyApp: RequestListener = (req, res) => {
    try {
      const id = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
      req.headers[REQUEST_ID_HEADER] = id;
      res.setHeader(REQUEST_ID_HEADER, id);
      runPipeline(stages, req, res, id);
    } catch (err) {
      logger.error("proxy pipeline failed", { err, method: req.method, url: req.url });
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
        res.end(JSON.stringify({ error: { code: ProxyErrorCode.internal, message: "Internal error" } }));
      } else res.destroy();
    }
  };

  const admin = buildAdminApp({
    table,
    upstreams: file.upstreams,
    flags,
    store: options.store,
    flagsUrl: options.flagsUrl,
    metrics,
    ledger,
    gates,
    breakers,
    adminToken: options.adminToken,
    clientTokens: options.clientTokens ?? [],
    logger,
  });

  const upgrades = upgradeHandler(deps);

  return {
    proxyApp,
    adminApp: admin.app,
    handleUpgrade: upgrades.handle,
    metrics,
    closeUpgrades: upgrades.closeAll,
    close: () => (forwarder.close(), admin.close(), breakers.close(), mirror?.close()),
  };
}
