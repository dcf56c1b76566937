import { startNatsCluster, type NatsClusterNode, type RunningNatsCluster } from "../../cdc/nats";
import { tempDir } from "../temp-dir";

export interface TestNatsCluster {
  /** Every node's URL, comma-separated (what NATS_URL holds). */
  readonly url: string;
  readonly cluster: RunningNatsCluster;
  readonly nodes: readonly NatsClusterNode[];
  /** The node called `name` (`nats-1`, …), e.g. a stream's leader. */
  node(name: string): NatsClusterNode;
  /** Stops every node and deletes the stores; call in afterAll. */
  close(): Promise<void>;
}

/**
 * A local JetStream cluster on free ports with temp stores: `const nats = await testNatsCluster(3)`.
 * Nodes `kill9()` and `restart()` on their own ports and stores; `cluster.kill9()` and
 * `cluster.restart()` do all of them (restart waits for the cluster's JetStream).
 */
export async function testNatsCluster(nodes = 3): Promise<TestNatsCluster> {
  const root = tempDir("strangler-nats-cluster-");
  let cluster: RunningNatsCluster;
  try {
    cluster = await startNatsCluster({ nodes, storeRoot: root.path, searchPath: process.env.PATH, readyTimeoutMs: 90_000 });
  } catch (err) {
    root.remove();
    throw err;
  }
  return {
    get url() {
      return cluster.url;
    },
    cluster,
    nodes: cluster.nodes,
    node(name) {
      const found = cluster.nodes.find((node) => node.name === name);
      if (!found) throw new Error(`no node ${name} in the cluster (${cluster.nodes.map((node) => node.name).join(", ")})`);
      return found;
    },
    async close() {
      try {
        await cluster.stop();
      } finally {
        root.remove();
      }
    },
  };
}
