/**
 * Forwarding on node:http: streams requests to the chosen upstream with keep-alive agents, the
 * request target and header fields as the client sent them, and answers upstream failures as JSON
 * 502/504.
 */
export { createForwarder } from "./forwarder";
export type { Forwarder, ForwardHooks, ForwardTap } from "./forwarder";
/** Where and how a request is sent to an upstream (target, Host, the outgoing request). */
export { hostHeaderOf, outgoingTarget, sendToUpstream, upstreamAgent, upstreamEndpoint } from "./outgoing";
export type { UpstreamEndpoint, UpstreamTarget } from "./outgoing";
/** Header rules applied to every forwarded request and response (hop-by-hop, Forwarded, Via…). */
export { INTERNAL_HEADER_PREFIX, connectionOptions, forwardedElement, forwardingPolicy, isHopByHop, requestHeaders, responseHeaders } from "./header-hygiene";
export type { ForwardedInfo, ForwardingPolicy, OutgoingHeaders, RequestHeaderOptions } from "./header-hygiene";
/** The JSON error envelope, on a response or a bare socket. */
export { answerJson, answerSocket, errorBody } from "./json-answer";
/** Fallback to the monolith when a service fails before answering, and the rule deciding it. */
export { Fallback } from "./fallback";
export type { FallbackCounter, ServiceRequest } from "./fallback";
export { fallbackVerdict, isRetryableMethod, NOT_COMMITTED_HEADER } from "./fallback-policy";
export type { FallbackCause, FallbackVerdict } from "./fallback-policy";
/** Copies a stream's bytes up to a cap while it is piped elsewhere. */
export { BodyCapture, hasBody } from "./body-capture";
