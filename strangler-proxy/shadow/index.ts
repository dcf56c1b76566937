/**
 * Shadow traffic: mirrors requests the monolith answers to the route's service off the critical path,
 * compares the answers (diff/) and keeps counters and mismatch records (proxy.sqlite).
 */
/** Mirrors one request (sampling, concurrency cap, timeout, tee of bodies, noise baseline). */
export { ShadowMirror } from "./shadow-mirror";
export type { MirrorRequest } from "./shadow-mirror";
/** The marker header of shadow copies. */
export { SHADOW_HEADER } from "./send-copy";
/** Counters in memory, records in batches; the per-route report. */
export { ShadowLedger } from "./shadow-ledger";
export type { ComparisonRecord, ShadowReport } from "./shadow-ledger";
export { emptyStats, matchRateOf, samplesOf } from "./shadow-stats";
export type { RouteShadowStats, ShadowOutcome, SkipReason } from "./shadow-stats";
/** The proxy's own store, `<STRANGLER_DATA_DIR>/proxy.sqlite`. */
export { ShadowStore } from "./store/shadow-store";
export type { MismatchEntry } from "./store/shadow-store";
