import { connect, type NatsConnection } from "@nats-io/transport-node";

export type { NatsConnection };

/**
 * Connects for change-data work: reconnects forever and waits for the first connect, so buffered
 * publishes are never dropped during a broker outage (the client gives up after ~20 s by default).
 * `noAsyncTraces`: otherwise every publish builds two Error objects with stack traces up front
 * (about a tenth of the relay's CPU in the benchmark).
 */
export function connectNats(url: string, name: string): Promise<NatsConnection> {
  return connect({ servers: url, name, maxReconnectAttempts: -1, waitOnFirstConnect: true, reconnectTimeWait: 250, noAsyncTraces: true });
}
