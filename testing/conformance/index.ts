/**
 * The proxy's conformance kit: a raw-socket upstream that records the exact bytes it receives, a raw
 * client, a corpus of requests and answers, and the comparison of "straight to the upstream" with
 * "through the proxy" that allows only the documented changes.
 */
export { startRawEchoUpstream, ANSWER_FIELD } from "./raw-echo-upstream";
export type { RawEchoUpstream, ReceivedRequest, UpstreamAnswer } from "./raw-echo-upstream";
export { exchange } from "./raw-client";
export type { ExchangeOptions, RawRequestBytes, ReceivedAnswer } from "./raw-client";
export { REQUEST_CASES, RESPONSE_CASES, answerRequest, requestBytes, upstreamAnswers } from "./corpus";
export type { RequestCase, ResponseCase } from "./corpus";
export { DOCUMENTED_CHANGES, compareAnswers, compareRequests } from "./compare";
export type { Difference } from "./compare";
export { chunked, field, parseBody, parseChunked, parseHead, serialiseHead } from "./http-wire";
export type { Field } from "./http-wire";
