import { createLogger, type Logger } from "../../platform";
import { parseConfigText, startProxyRuntime, type RunningProxy } from "../../strangler-proxy";

export interface StartProxyOptions {
  /** The route table, as it would be written in strangler.config.json. */
  config: unknown;
  /** Folder for flags.sqlite and the unleash backup of this instance. */
  dataDir: string;
  /** Read flags from this Unleash API (another instance's `<adminUrl>/api/`) instead of hosting the store. */
  flagsUrl?: string;
  flagsToken?: string;
  /** Admin token (default: a fixed test token). */
  adminToken?: string;
  /** Names the backup file; default `test`. */
  instance?: string;
  logLevel?: string;
  /** Log here instead (tests that read the proxy's log lines); `logLevel` is then the logger's business. */
  logger?: Logger;
}

/** A proxy instance on free ports. */
export interface StartedProxy {
  url: string;
  adminUrl: string;
  adminToken: string;
  /** Unleash API base this instance reads; give it to a second instance as `flagsUrl`. */
  flagsUrl: string;
  running: RunningProxy;
  close(): Promise<void>;
}

/** Starts a strangler proxy on 127.0.0.1 with free ports (proxy and admin), for tests and e2e scenarios. */
export async function startProxy(options: StartProxyOptions): Promise<StartedProxy> {
  const file = parseConfigText(JSON.stringify(options.config), "test config (json)", {});
  const logger = options.logger ?? createLogger({ service: "strangler-proxy", level: options.logLevel ?? "error", silent: !options.logLevel });
  const running = await startProxyRuntime(
    {
      proxy: { host: "127.0.0.1", port: 0 },
      admin: { host: "127.0.0.1", port: 0, token: options.adminToken ?? "test-admin-token" },
      configPath: "(test)",
      dataDir: options.dataDir,
      flagsUrl: options.flagsUrl,
      flagsToken: options.flagsToken,
      logLevel: options.logLevel ?? "error",
      instance: options.instance ?? "test",
      file,
    },
    logger,
  );
  return { url: running.url, adminUrl: running.adminUrl, adminToken: running.adminToken, flagsUrl: running.flagsUrl, running, close: () => running.close() };
}
