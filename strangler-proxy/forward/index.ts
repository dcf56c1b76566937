/**
 * Forwarding: the only importer of http-proxy-middleware. Streams requests to the chosen upstream
 * with keep-alive agents, cleans headers, and answers upstream failures as JSON 502/504.
 */
export { createForwarder } from "./forwarder";
export type { Forwarder, ForwardTarget } from "./forwarder";
/** Header hygiene applied to every forwarded request and response. */
export { INTERNAL_HEADER_PREFIX } from "./header-hygiene";
export type { ForwardedInfo } from "./header-hygiene";
