import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import { join } from "node:path";
import { baseUrlOf, closeServer, ConfigError, isLoopbackHost, listen, makePrivateDir, readOrCreateSecretFile, type Logger } from "../platform";
import { buildProxyApps, type ProxyApps } from "./app";
import { ADMIN_TOKEN_FIX, MIN_ADMIN_TOKEN_LENGTH, type ProxyConfig } from "./config";
import { AdminTokenRequiredError } from "./errors";
import { FlagStore, UnleashFlagSource } from "./flags";
import { ShadowLedger, ShadowStore } from "./shadow";

/** A started proxy instance: both listeners, its flag source and (when hosting) the flag store. */
export interface RunningProxy {
  proxyServer: Server;
  adminServer: Server;
  url: string;
  adminUrl: string;
  adminToken: string;
  apps: ProxyApps;
  /** Where this instance reads flags (its own admin listener when it hosts the store). */
  flagsUrl: string;
  hostsFlagStore: boolean;
  close(): Promise<void>;
}

/** File under the data folder holding the admin token when none is configured (the one `npm start` and the CLI use). */
export const ADMIN_TOKEN_FILE = "admin-token";

function tooShort(source: string, field: string, fix: string): ConfigError {
  return new ConfigError(`Invalid configuration\n  ${source}: ${field}: must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters. Fix: ${fix}`);
}

/**
 * The admin token to require: the configured one (at least 16 characters, however the proxy was
 * started), or, on a loopback admin address only (checked by address: `isLoopbackHost`), the token
 * kept in `<dataDir>/admin-token` (created 0600 with a random token when missing). The token itself is
 * never logged, only the file that holds it.
 */
export function resolveAdminToken(config: Pick<ProxyConfig, "admin" | "dataDir">, logger: Logger): string {
  const configured = config.admin.token;
  if (configured !== undefined && configured !== "") {
    if (configured.length < MIN_ADMIN_TOKEN_LENGTH) throw tooShort("proxy config", "admin.token (STRANGLER_ADMIN_TOKEN)", ADMIN_TOKEN_FIX);
    return configured;
  }
  if (!isLoopbackHost(config.admin.host)) throw new AdminTokenRequiredError(config.admin.host);
  makePrivateDir(config.dataDir);
  const file = join(config.dataDir, ADMIN_TOKEN_FILE);
  const token = readOrCreateSecretFile(file, () => randomBytes(24).toString("hex"));
  if (token.length < MIN_ADMIN_TOKEN_LENGTH) throw tooShort(file, "token", "delete the file (a new random token is written at the next start) or set STRANGLER_ADMIN_TOKEN.");
  logger.warn("STRANGLER_ADMIN_TOKEN is not set: using the admin token kept in the data folder (mode 0600); set the variable to choose one", { adminTokenFile: file });
  return token;
}

/**
 * Starts one proxy instance: opens and seeds the flag store unless `flagsUrl` is set, listens on the
 * admin port (which serves the store's Unleash client API), starts the flag source, then listens on the
 * proxy port. `close()` stops everything in reverse order.
 */
export async function startProxyRuntime(config: Readonly<ProxyConfig>, logger: Logger): Promise<RunningProxy> {
  makePrivateDir(config.dataDir);
  const adminToken = resolveAdminToken(config, logger);
  const store = config.flagsUrl ? undefined : await FlagStore.open({ dataDir: config.dataDir, logger });
  const cleanups: Array<() => Promise<void> | void> = [];
  if (store) cleanups.push(() => store.close());
  try {
    const shadowStore = await ShadowStore.open(config.dataDir, config.file.shadowStore.keepMismatchesPerRoute);
    cleanups.unshift(() => shadowStore.close());
    const ledger = await ShadowLedger.open(shadowStore, config.file.shadowStore, logger);
    cleanups.unshift(() => ledger.close());
    const seeded = store ? await store.seed(config.file.routes) : 0;
    if (seeded) logger.info("flag store seeded from the route table", { routes: seeded });

    let apps: ProxyApps | undefined;
    const adminServer = await listen((req, res) => apps!.adminApp(req, res), config.admin.port, config.admin.host, "ADMIN_PORT");
    cleanups.unshift(() => closeServer(adminServer));
    const adminUrl = baseUrlOf(adminServer);
    const flagsUrl = config.flagsUrl ?? `${adminUrl}/api/`;
    const flags = new UnleashFlagSource({
      url: flagsUrl,
      token: config.flagsUrl ? (config.flagsToken ?? adminToken) : adminToken,
      appName: "strangler-proxy",
      instanceId: config.instance,
      backupPath: join(config.dataDir, `unleash-backup-${config.instance}.json`),
      // The host reads its own store, which streams: no need to start by polling and be switched.
      mode: !config.flagsUrl && config.file.flags.mode === "auto" ? "streaming" : config.file.flags.mode,
      refreshIntervalMs: config.file.flags.refreshIntervalMs,
      readyTimeoutMs: config.file.flags.readyTimeoutMs,
      requestTimeoutMs: config.file.flags.requestTimeoutMs,
      logger,
    });
    apps = buildProxyApps({ file: config.file, flags, store, flagsUrl: config.flagsUrl, adminToken, readYourWritesSecret: config.readYourWritesSecret, clientTokens: config.flagsToken ? [config.flagsToken] : [], ledger, logger });
    const builtApps = apps;
    cleanups.unshift(() => builtApps.close());
    // The flag client stops before the store's streams end, so it does not start reconnecting.
    cleanups.unshift(() => flags.close());
    await flags.start();

    const proxyServer = await listen(apps.proxyApp, config.proxy.port, config.proxy.host, "PROXY_PORT");
    apps.attach(proxyServer);
    cleanups.unshift(() => closeServer(proxyServer));
    cleanups.unshift(() => builtApps.closeUpgrades());
    const url = baseUrlOf(proxyServer);
    logger.info("strangler proxy listening", { url, adminUrl, flags: store ? "embedded store" : flagsUrl, routes: config.file.routes.length });

    let closing: Promise<void> | undefined;
    return {
      proxyServer,
      adminServer,
      url,
      adminUrl,
      adminToken,
      apps,
      flagsUrl,
      hostsFlagStore: Boolean(store),
      close: () => (closing ??= runAll(cleanups)),
    };
  } catch (err) {
    await runAll(cleanups);
    throw err;
  }
}

async function runAll(cleanups: Array<() => Promise<void> | void>): Promise<void> {
  for (const cleanup of cleanups) {
    try {
      await cleanup();
    } catch {
      // Keep closing the rest.
    }
  }
}
