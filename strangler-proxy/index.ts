/**
 * The strangler proxy: routes each request to the monolith or an extracted service by route table
 * and feature flag, with an admin API to move routes at runtime.
 */
/** Builds the proxy and admin apps without listening. */
export { buildProxyApps } from "./app";
export type { ProxyApps, ProxyAppsOptions } from "./app";
/** Starts a whole instance (store, listeners, flag source). */
export { startProxyRuntime, resolveAdminToken } from "./runtime";
export type { RunningProxy } from "./runtime";
/** Environment + route table file → frozen config. */
export { loadProxyConfig } from "./config";
export type { ProxyConfig } from "./config";
/** Route table file: schema, parsing, JSON Schema. */
export { proxyFileSchema, STAGES } from "./config/schema";
export type { ProxyFileConfig, RouteConfig, StageName, UpstreamConfig } from "./config/schema";
export { parseConfigText, loadConfigFile } from "./config/load-config-file";
/** Error codes of the proxy. */
export { ProxyError, ProxyErrorCode, AdminTokenRequiredError } from "./errors";
