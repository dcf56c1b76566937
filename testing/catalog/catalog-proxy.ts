import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startProxy, type StartedProxy } from "../proxy";
import { tempDir } from "../temp-dir";
import { catalogProxyConfig } from "./catalog-proxy-config";

/** A proxy in front of a monolith and the catalog, with its route table also written to a file (the CLI reads it). */
export interface CatalogProxy extends StartedProxy {
  /** The route table the proxy runs, as a file (`STRANGLER_CONFIG` for the CLI). */
  routeTablePath: string;
}

/** Starts a proxy on the shipped route table pointed at `monolithUrl` and `catalogUrl` (flag store in a temp folder). */
export async function startCatalogProxy(monolithUrl: string, catalogUrl: string): Promise<CatalogProxy> {
  const dir = tempDir("catalog-proxy-");
  const config = catalogProxyConfig(monolithUrl, catalogUrl);
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
