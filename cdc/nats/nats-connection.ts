import { connect, type NatsConnection } from "@nats-io/transport-node";

export type { NatsConnection };

/**
 * The servers of a NATS URL: one URL, or the servers of a cluster separated by commas
 * (`nats://10.0.0.1:4222,nats://10.0.0.2:4222`, what NATS_URL holds), blanks around commas ignored.
 */
export function natsServers(url: string): string[] {
  return url
    .split(",")
    .map((server) => server.trim())
    .filter((server) => server !== "");
}

/**
 * Connects for change-data work: reconnects forever and waits for the first connect, so buffered
 * publishes are never dropped during a broker outage (the client gives up after ~20 s by default).
 * `url` may name several servers (a cluster, comma-separated): the client connects to any of them,
 * moves to another when its server goes away, and learns the cluster's other servers from it.
 * `noAsyncTraces`: otherwise every publish builds two Error objects with stack traces up front
 * (about a tenth of the relay's CPU in the benchmark).
 */
export function connectNats(url: string, name: string): Promise<NatsConnection> {
  return connect({ servers: natsServers(url), name, maxReconnectAttempts: -1, waitOnFirstConnect: true, reconnectTimeWait: 250, noAsyncTraces: true });
}
