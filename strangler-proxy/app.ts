import type { IncomingMessage, RequestListener, Server } from "node:http";
import type { Duplex } from "node:stream";
import type { Express } from "express";
import { REQUEST_ID_HEADER, requestIdFrom, safeError, type Logger } from "../platform";
import { buildAdminApp } from "./admin/admin-app";
import { upstreamHealthy } from "./admin/health";
import { Breakers } from "./breaker";
import { ProxyMetrics } from "./metrics";
import type { ProxyFileConfig } from "./config/schema";
import { ProxyErrorCode } from "./errors";
import { answerJson, createForwarder, Fallback, forwardingPolicy } from "./forward";
import { PromotionGates } from "./gates";
import { RouteFlags, type FlagSource, type FlagStore } from "./flags";
import { buildPipeline, runPipeline, type ProxyContext } from "./pipeline";
import { buildRouteTable } from "./routing";
import { ReadYourWrites } from "./consistency";
import { ShadowMirror, type ShadowLedger } from "./shadow";
import { attachProxyServer } from "./stages/server-events";
import { upgradeHandler } from "./stages/upgrade-handler";

export interface ProxyAppsOptions {
  file: Readonly<ProxyFileConfig>;
  flags: FlagSource;
  /** The embedded flag store, when this instance hosts it. */
  store?: FlagStore;
  /** The flag source URL of an instance that does not host the store. */
  flagsUrl?: string;
  adminToken: string;
  /** Signs the read-your-writes cookie (STRANGLER_RYW_SECRET); default: derived from the admin token, which every instance shares. */
  readYourWritesSecret?: string;
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
  /** `server.on("upgrade", handleUpgrade)` on the proxy listener: upgrades follow the same routing. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /**
   * Wires the proxy listener (its request handler must be `proxyApp`): upgrades, relayed
   * `Expect: 100-continue`, half-closed clients, and the JSON envelope for what node's parser refuses.
   */
  attach(server: Server): void;
  metrics: ProxyMetrics;
  /** Ends open websocket connections (before closing the proxy listener, which waits for them). */
  closeUpgrades(): void;
  close(): void;
}

/** Builds the proxy and admin apps of one instance (tests use them; main.ts listens). */
export function buildProxyApps(options: ProxyAppsOptions): ProxyApps {
  const { file, flags, logger } = options;
  const table = buildRouteTable(file);
  // The one reader of the routes' flags (flag names computed once here), for the stages and the admin API.
  const routeFlags = new RouteFlags(flags, table.routes.map((route) => route.id));
  const metrics = new ProxyMetrics();
  const { ledger } = options;
  // Services only: the default upstream is the fallback itself and is never skipped.
  const breakers = new Breakers(
    file.upstreams.filter((u) => !u.default),
    (upstream) => upstreamHealthy(upstream, 1000),
    (snapshot) => logger.warn("circuit breaker changed", { ...snapshot }),
  );
  const fallback = new Fallback(breakers, table.defaultUpstream, (route, upstream, cause) => metrics.countFallback(route, upstream, cause), logger);
  const readYourWrites = ReadYourWrites.build({
    config: file.readYourWrites,
    secret: options.readYourWritesSecret ?? `admin-token:${options.adminToken}`,
    table,
    upstreams: file.upstreams,
    stickiness: file.stickiness,
    metrics,
    logger,
  });
  const policy = forwardingPolicy(file.forwarding, readYourWrites?.cookieName ?? null);
  const forwarder = createForwarder(
    file.upstreams.map((u) => ({ name: u.name, url: u.url, timeoutMs: u.timeoutMs, hostHeader: u.hostHeader })),
    logger,
    readYourWrites ? { ...fallback.hooks(), amendAnswer: readYourWrites.amendAnswer } : fallback.hooks(),
    policy,
  );
  fallback.attach(forwarder);
  const mirror = ledger ? new ShadowMirror(file.upstreams, table.defaultUpstream, forwarder, ledger, breakers, logger, policy) : undefined;
  const gates = new PromotionGates(file.upstreams, file.gates, (routeId) => ledger?.statsOf(routeId));
  ledger?.onRecord((route, outcome) => metrics.countShadow(route, outcome));
  metrics.observe({ matchRates: () => ledger?.matchRates() ?? [], breakerStates: () => breakers.snapshots() });
  const deps = { table, routeFlags, stickiness: file.stickiness, maxPathBytes: file.limits.maxPathBytes, strictPaths: file.strictPaths, forwarder, metrics, logger, fallback, mirror, readYourWrites };
  const stages = buildPipeline(deps);
  const pipelineFailed = (err: unknown, ctx: ProxyContext): void => {
    logger.error("proxy pipeline failed", { err: safeError(err), method: ctx.req.method, path: (ctx.req.url ?? "/").split("?")[0] });
    if (!ctx.res.headersSent) answerJson(ctx.res, 500, ProxyErrorCode.internal, "Internal error", ctx.requestId);
  };

  // The primary path is a plain node handler, not an Express app: measured on this stack, Express 5
  // adds ~130 µs of CPU per proxied request (it re-prototypes req/res), more than routing, flags and
  // http-proxy-middleware together (docs/proxy.md, "Performance"). Express serves the admin API.
  const proxyApp: RequestListener = (req, res) => {
    let id = "";
    try {
      // No header is set on `res` before the upstream's answer: node would then rebuild that answer's
      // header list instead of writing it as it came. Every answer carries the id (forward/).
      id = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
      runPipeline(stages, req, res, id, pipelineFailed);
    } catch (err) {
      logger.error("proxy pipeline failed", { err: safeError(err), method: req.method, path: (req.url ?? "/").split("?")[0] });
      answerJson(res, 500, ProxyErrorCode.internal, "Internal error", id);
    }
  };

  const admin = buildAdminApp({
    table,
    upstreams: file.upstreams,
    flags,
    routeFlags,
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
    attach: (server) => attachProxyServer(server, { request: proxyApp, upgrade: upgrades.handle, logger, metrics }),
    metrics,
    closeUpgrades: upgrades.closeAll,
    close: () => (forwarder.close(), admin.close(), breakers.close(), mirror?.close()),
  };
}
