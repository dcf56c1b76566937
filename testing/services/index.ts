/** Test kit pieces generic over an extracted service (by URL, table names or upstream names), for any service's tests. */
export { changePosition, serviceSyncStatus, waitForServiceCatchUp } from "./sync-position";
export { shippedProxyConfig } from "./shipped-proxy-config";
export { startServiceProxy } from "./service-proxy";
export type { ServiceProxy } from "./service-proxy";
export { startSettledFront } from "./settled-front";
export type { SettledFront } from "./settled-front";
