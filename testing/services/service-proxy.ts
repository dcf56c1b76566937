import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startProxy, type StartedProxy } from "../proxy";
import { tempDir } from "../temp-dir";
import { shippedProxyConfig } from "./shipped-proxy-config";

/** A proxy on the shipped route table, with that table also written to a file (the CLI reads it as STRANGLER_CONFIG). */
export interface ServiceProxy extends StartedProxy {
  routeTablePath: string;
}

/** Starts a proxy in front of the named upstreams (`{ monolith: url, <service>: url }`), flag store in a temp folder. */
export async function startServiceProxy(urls: Readonly<Record<string, string>>, options: { shadowFlushMs?: number } = {}): Promise<ServiceProxy> {
  const dir = tempDir("service-proxy-");
  const config = shippedProxyConfig(urls) as Record<string, unknown>;
  if (options.shadowFlushMs !== undefined) config.shadowStore = { ...(config.shadowStore as object), flushIntervalMs: options.shadowFlushMs };
  const routeTablePath = join(dir.path, "strangler.config.json");
  writeFileSync(routeTablePath, JSON.stringify(config));
  const proxy = await startProxy({ config, dataDir: dir.path }).catch((err: unknown) => {
    dir.remove();
    throw err;
  });
  return {
    ...proxy,
    routeTablePath,
    close: async () => {
      await proxy.close();
      dir.remove();
    },
  };
}
