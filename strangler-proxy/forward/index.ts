/**
 * Forwarding: the only importer of http-proxy-middleware. Streams requests to the chosen upstream
 * with keep-alive agents, cleans headers, and answers upstream failures as JSON 502/504.
 */
export { createForwarder } from "./forwarder";
export type { Forwarder, ForwardHooks, ForwardTap, ForwardTarget } from "./forwarder";
/** Header hygiene applied to every forwarded request and response. */
export { INTERNAL_HEADER_PREFIX, cleanRequestHeaders, cleanResponseHeaders } from "./header-hygiene";
export type { ForwardedInfo } from "./header-hygiene";
/** Fallback to the monolith when a service fails before answering, and the rule deciding it. */
export { Fallback } from "./fallback";
export type { FallbackCounter, ServiceRequest } from "./fallback";
export { fallbackVerdict, isRetryableMethod, NOT_COMMITTED_HEADER } from "./fallback-policy";
export type { FallbackCause, FallbackVerdict } from "./fallback-policy";
/** Copies a stream's bytes up to a cap while it is piped elsewhere. */
export { BodyCapture, hasBody } from "./body-capture";
