import { startServiceProxy, type ServiceProxy } from "../services/service-proxy";

/** A proxy in front of a monolith and the catalog, with its route table also written to a file (the CLI reads it). */
export type CatalogProxy = ServiceProxy;

/** Starts a proxy on the shipped route table pointed at `monolithUrl` and `catalogUrl` (testing/services' `startServiceProxy`). */
export function startCatalogProxy(monolithUrl: string, catalogUrl: string): Promise<CatalogProxy> {
  return startServiceProxy({ monolith: monolithUrl, catalog: catalogUrl });
}
