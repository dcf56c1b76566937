import { writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A local nats-server cluster, as files: each node's configuration (server name, client port,
 * JetStream store, cluster name and routes to the other nodes). nats-server 2.9 needs all of these
 * for a JetStream cluster; a file per node says them in one place. Pure but for the write.
 */

/** One node of a planned cluster. */
export interface ClusterNodePlan {
  /** `nats-1`, `nats-2`, …: its server_name (unique in the cluster) and part name under `npm start`. */
  name: string;
  clusterName: string;
  /** Route port it listens on for the other nodes. */
  routePort: number;
  /** Route ports of the other nodes. */
  peerRoutePorts: number[];
  /** Its JetStream store folder. */
  storeDir: string;
  /** Its configuration file. */
  configFile: string;
}

export const DEFAULT_CLUSTER_NAME = "strangler";

/** The nodes of a cluster under `root` (`<root>/nats-<i>/` stores, `<root>/nats-<i>.conf` files), one route port each. */
export function planCluster(options: { root: string; routePorts: readonly number[]; clusterName?: string }): ClusterNodePlan[] {
  const clusterName = options.clusterName ?? DEFAULT_CLUSTER_NAME;
  return options.routePorts.map((routePort, index) => {
    const name = clusterNodeName(index + 1);
    return {
      name,
      clusterName,
      routePort,
      peerRoutePorts: options.routePorts.filter((_, other) => other !== index),
      storeDir: join(options.root, name),
      configFile: clusterNodeConfigFile(options.root, index + 1),
    };
  });
}

/** The name of node `number` (1-based). */
export function clusterNodeName(number: number): string {
  return `nats-${number}`;
}

/** Where node `number`'s configuration file is under `root`. */
export function clusterNodeConfigFile(root: string, number: number): string {
  return join(root, `${clusterNodeName(number)}.conf`);
}

const quoted = (text: string) => JSON.stringify(text);

/** The configuration of one node; `port` -1 lets it pick a free client port (it logs which). */
export function clusterNodeConfig(node: ClusterNodePlan, port: number, host = "127.0.0.1"): string {
  return [
    `# ${node.name} of the local nats-server cluster ${quoted(node.clusterName)}, written by strangler (cdc/nats/nats-cluster-config.ts) at each start.`,
    `server_name: ${quoted(node.name)}`,
    `host: ${quoted(host)}`,
    `port: ${port}`,
    "jetstream {",
    `  store_dir: ${quoted(node.storeDir)}`,
    "}",
    "cluster {",
    `  name: ${quoted(node.clusterName)}`,
    `  listen: ${quoted(`${host}:${node.routePort}`)}`,
    "  routes: [",
    ...node.peerRoutePorts.map((peer) => `    ${quoted(`nats-route://${host}:${peer}`)}`),
    "  ]",
    "}",
    "",
  ].join("\n");
}

/** Writes the node's configuration file (owner-only) and returns the nats-server arguments that run it. */
export function writeClusterNodeConfig(node: ClusterNodePlan, port: number): string[] {
  writeFileSync(node.configFile, clusterNodeConfig(node, port), { mode: 0o600 });
  return ["-c", node.configFile];
}
