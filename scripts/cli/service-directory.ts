import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { CliConfig } from "./config";
import { REPO_ROOT as ROOT } from "./repo-root";

/** An extracted service found by convention: a folder `extracted/<name>/` with its commands in `cli/`. */
export interface ServiceFolder {
  name: string;
  /** `cli/backfill-main.ts`, when the service has one. */
  backfill?: string;
  /** `cli/verify-main.ts`, when the service has one. */
  verify?: string;
  /** `cli/write-path.ts` (`WRITE_GROUP`, `openWritePath(env)`), when the service's writes can move. */
  writePath?: string;
}

/** A service that consumes change streams, as the route table names it: base URL and status path. */
export interface SyncEndpoint {
  service: string;
  url: string;
  syncStatusPath: string;
}

/** Every `extracted/<name>/` folder, with the commands it has (convention over configuration). */
export function serviceFolders(root = ROOT): ServiceFolder[] {
  const extracted = join(root, "extracted");
  if (!existsSync(extracted)) return [];
  return readdirSync(extracted, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const file = (name: string) => {
        const path = join(extracted, entry.name, "cli", name);
        return existsSync(path) ? path : undefined;
      };
      return { name: entry.name, backfill: file("backfill-main.ts"), verify: file("verify-main.ts"), writePath: file("write-path.ts") };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
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
