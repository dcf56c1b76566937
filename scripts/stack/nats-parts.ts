import { join } from "node:path";
import { clusterNodeConfigFile, clusterNodeName } from "../../cdc/nats/nats-cluster-config";

// The nats-server part(s) of `npm start`, as names and files: one server (part `nats`, store
// `<dataDir>/nats`), or a local JetStream cluster (parts `nats-1`…`nats-N`, stores and configuration
// files under `<dataDir>/nats-cluster/`). Pure: start-nats.ts starts them, leftovers.ts recognises them.

/** Most nodes of a local cluster (STRANGLER_NATS_CLUSTER): one machine, a handful of servers. */
export const MAX_CLUSTER_NODES = 9;

/** The store of the one nats-server. */
export function natsStoreDir(dataDir: string): string {
  return join(dataDir, "nats");
}

/** The folder of a local cluster's stores and configuration files. */
export function natsClusterRoot(dataDir: string): string {
  return join(dataDir, "nats-cluster");
}

/** The part names for `nodes` nats-servers: `nats` alone, else `nats-1`…`nats-N`. */
export function natsPartNames(nodes: number): string[] {
  return nodes === 1 ? ["nats"] : Array.from({ length: nodes }, (_, index) => clusterNodeName(index + 1));
}

/** Every part name a nats-server of `npm start` can have (a leftover of an earlier run may be either kind). */
export const ALL_NATS_PARTS: readonly string[] = ["nats", ...natsPartNames(MAX_CLUSTER_NODES)];

/** How a process of a nats part is recognised (leftovers.ts `PartIdentity`). */
interface NatsIdentity {
  expected: string;
  matches(argv: readonly string[]): boolean;
}

/** After `flag`, exactly `value` (nats-server and its watcher carry the same arguments). */
const hasOption = (flag: string, value: string) => (argv: readonly string[]) => argv.some((arg, index) => arg === value && argv[index - 1] === flag);

/**
 * The command lines of the nats parts on `dataDir`: the one server by `-sd <dataDir>/nats`, a
 * cluster node by `-c <dataDir>/nats-cluster/nats-<i>.conf`.
 */
export function natsIdentities(dataDir: string): Record<string, NatsIdentity> {
  const store = natsStoreDir(dataDir);
  const identities: Record<string, NatsIdentity> = { nats: { expected: `nats-server … -sd ${store}`, matches: hasOption("-sd", store) } };
  for (let number = 1; number <= MAX_CLUSTER_NODES; number++) {
    const file = clusterNodeConfigFile(natsClusterRoot(dataDir), number);
    identities[clusterNodeName(number)] = { expected: `nats-server -c ${file}`, matches: hasOption("-c", file) };
  }
  return identities;
}
