import { serviceFolders as foldersUnder, type ServiceFolder } from "../services/service-folders";
import type { CliConfig } from "./config";
import { REPO_ROOT as ROOT } from "./repo-root";

export type { ServiceFolder } from "../services/service-folders";

/** A service that consumes change streams, as the route table names it: base URL and status path. */
export interface SyncEndpoint {
  service: string;
  url: string;
  syncStatusPath: string;
}

/** Every `extracted/<name>/` folder of this repository, with what it has (scripts/services/). */
export function serviceFolders(root = ROOT): ServiceFolder[] {
  return foldersUnder(root);
}

/**
 * The upstreams of the route table that declare a `syncStatusPath`: read with the proxy's own loader
 * (same `${VAR:-default}` interpolation), so the CLI finds the services where the proxy does.
 */
export function syncEndpoints(config: CliConfig): SyncEndpoint[] {
  // Loaded here, not at the top: only the commands that call a service read the route table (zod, yaml).
  const { loadConfigFile } = require("../../strangler-proxy/config/load-config-file") as typeof import("../../strangler-proxy/config/load-config-file");
  const table = loadConfigFile(config.routeTablePath, config.routeTableEnv);
  return table.upstreams
    .filter((upstream) => upstream.syncStatusPath)
    .map((upstream) => ({ service: upstream.name, url: upstream.url.replace(/\/+$/, ""), syncStatusPath: upstream.syncStatusPath! }));
}
