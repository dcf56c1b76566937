import { readFileSync } from "node:fs";
import { join } from "node:path";

interface ShippedConfig {
  upstreams: Array<{ name: string; url: string; [field: string]: unknown }>;
  routes: Array<{ id: string; upstream: string; [field: string]: unknown }>;
  gates?: Record<string, unknown>;
  [field: string]: unknown;
}

/**
 * The shipped route table (strangler.config.json) with the named upstreams pointed at test URLs
 * (`{ monolith: …, orders: … }`), keeping only those upstreams and their routes: tests route
 * through a service's real routes and flags, not a copy. Promotion gates are not enforced unless
 * `enforceGates` (the proxy's own tests cover them).
 */
export function shippedProxyConfig(urls: Readonly<Record<string, string>>, options: { enforceGates?: boolean } = {}): unknown {
  const file = JSON.parse(readFileSync(join(__dirname, "../../strangler.config.json"), "utf8")) as ShippedConfig;
  const { $schema: _schema, ...rest } = file;
  return {
    ...rest,
    upstreams: file.upstreams.filter((upstream) => upstream.name in urls).map((upstream) => ({ ...upstream, url: urls[upstream.name] })),
    routes: file.routes.filter((route) => route.upstream in urls),
    ...(file.gates ? { gates: { ...file.gates, enforce: options.enforceGates ?? false } } : {}),
  };
}
