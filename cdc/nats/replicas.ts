/**
 * How many copies of a change stream JetStream keeps: the decision, pure. A lone server keeps one;
 * a cluster of 3 or more servers keeps 3 (a stream survives the loss of any one server, and a
 * majority of 2 acknowledges each publish); a caller's explicit number (NATS_REPLICAS) wins.
 */

/** Replicas of a stream on a cluster of at least this many servers. */
export const CLUSTER_REPLICAS = 3;

/** What the server a client is connected to says about its cluster (its INFO). */
export interface ClusterFacts {
  /** The cluster's name; null for a server that is not in a cluster. */
  cluster: string | null;
  /** Servers of the cluster that accept clients now, itself included (1 for a lone server). */
  servers: number;
}

/** The server's INFO fields that tell (nats-server 2.9: `cluster` and `connect_urls`, which lists itself too). */
export interface ServerInfoFields {
  cluster?: string;
  connect_urls?: string[];
}

/**
 * Reads the cluster facts from a server's INFO. `connect_urls` lists the client URLs of every
 * server routed to this one, itself included; a cluster configured with `no_advertise` lists none,
 * so it counts as one server (set the replicas explicitly there).
 */
export function clusterFacts(info: ServerInfoFields | undefined): ClusterFacts {
  const cluster = info?.cluster ? info.cluster : null;
  const servers = cluster === null ? 1 : Math.max(1, new Set(info?.connect_urls ?? []).size);
  return { cluster, servers };
}

/** The replicas a stream is created with and must have: `requested` when given, else by the cluster. */
export function decideReplicas(facts: ClusterFacts, requested?: number): number {
  if (requested !== undefined) return requested;
  return facts.cluster !== null && facts.servers >= CLUSTER_REPLICAS ? CLUSTER_REPLICAS : 1;
}
