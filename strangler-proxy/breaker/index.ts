/** Circuit breakers: one per upstream; an open breaker makes the proxy skip a failing service for a cool-down. */
export { CircuitBreaker } from "./circuit-breaker";
export type { BreakerSnapshot, BreakerState } from "./circuit-breaker";
/** The breakers of all upstreams, fed by the forwarder and the shadow path. */
export { Breakers } from "./breakers";
