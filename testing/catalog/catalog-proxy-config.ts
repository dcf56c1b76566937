import { shippedProxyConfig } from "../services/shipped-proxy-config";

/**
 * The shipped route table (strangler.config.json) pointed at a test monolith and catalog: tests
 * route through the real catalog routes and flags, not a copy of them (testing/services' generic
 * `shippedProxyConfig`; promotion gates not enforced).
 */
export function catalogProxyConfig(monolithUrl: string, catalogUrl: string): unknown {
  return shippedProxyConfig({ monolith: monolithUrl, catalog: catalogUrl });
}
