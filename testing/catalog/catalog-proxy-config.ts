import { readFileSync } from "node:fs";
import { join } from "node:path";

interface UpstreamEntry {
  name: string;
  url: string;
  [field: string]: unknown;
}

interface RouteEntry {
  id: string;
  upstream: string;
  [field: string]: unknown;
}

interface ShippedConfig {
  upstreams: UpstreamEntry[];
  routes: RouteEntry[];
  gates?: Record<string, unknown>;
  [field: string]: unknown;
}

/**
 * The shipped route table (strangler.config.json) with its upstreams pointed at test URLs: tests
 * route through the real catalog routes and flags, not a copy of them. Promotion gates (when the
 * file has them) are not enforced: these tests flip stages to check routing and parity, and the
 * proxy's own tests cover the gates.
 */
export function catalogProxyConfig(monolithUrl: string, catalogUrl: string): unknown {
  const file = JSON.parse(readFileSync(join(__dirname, "../../strangler.config.json"), "utf8")) as ShippedConfig;
  const { $schema: _schema, ...rest } = file;
  const urls: Record<string, string> = { monolith: monolithUrl, catalog: catalogUrl };
  return {
    ...rest,
    upstreams: file.upstreams.filter((upstream) => upstream.name in urls).map((upstream) => ({ ...upstream, url: urls[upstream.name] })),
    routes: file.routes.filter((route) => route.upstream in urls),
    ...(file.gates ? { gates: { ...file.gates, enforce: false } } : {}),
  };
}
