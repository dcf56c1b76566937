/** Test kit of the strangler proxy (tests, e2e scenarios and benchmarks only). */
/** Starts a proxy instance on free ports (hosting the flag store, or reading another's with `flagsUrl`). */
export { startProxy } from "./start-proxy";
export type { StartProxyOptions, StartedProxy } from "./start-proxy";
/** The real unleash-client adapter on fixed flags, with no server (how flags evaluate). */
export { offlineFlagSource } from "./offline-flag-source";
/** Admin API calls with the token, and waiting on a condition instead of sleeping. */
export { adminCall, waitUntil } from "./admin-client";
/** HTTP with the path sent byte for byte (attack paths), answers read in full. */
export { rawRequest } from "./raw-request";
export type { RawResponse } from "./raw-request";
/** An upstream that echoes what it received (JSON), holds or delays answers, and echoes upgrades. */
export { startTestUpstream } from "./test-upstream";
export type { EchoedRequest, TestUpstream } from "./test-upstream";
/** A service that answers like a base upstream (the real monolith) but changes fields, adds noise, sleeps, dies and revives. */
export { startVariantService } from "./variant-service";
export type { VariantBehaviour, VariantService } from "./variant-service";
