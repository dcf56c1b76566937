import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CDC_ERROR_CODES, CdcError } from "../core/errors";
import { waitForJetStreamCluster } from "./cluster-ready";
import { freePorts } from "./free-ports";
import { planCluster, writeClusterNodeConfig, type ClusterNodePlan } from "./nats-cluster-config";
import { findNatsServer } from "./nats-server-launcher";
import { spawnNatsServer, type NatsServerProcess } from "./nats-server-process";

export interface NatsClusterOptions {
  /** Nodes of the cluster (3 for a cluster that survives the loss of one). */
  nodes: number;
  /**
   * Folder of the nodes' stores and configuration files (`<root>/nats-<i>/`, `<root>/nats-<i>.conf`).
   * When omitted, a fresh temp folder that `stop()` deletes. Pass one to keep the data.
   */
  storeRoot?: string;
  /** Cluster name (default "strangler"). */
  clusterName?: string;
  /** Path of the nats-server binary; searched for when omitted. */
  binary?: string;
  /** PATH-style list of folders searched first (callers pass their PATH). */
  searchPath?: string;
  /** Wait for each process to accept clients, and for the cluster's JetStream (default 60 s each). */
  readyTimeoutMs?: number;
}

/** One node of a running cluster. */
export interface NatsClusterNode {
  /** `nats-1`, … (its server_name). */
  readonly name: string;
  /** Its own client URL (`nats://127.0.0.1:<port>`). */
  readonly url: string;
  readonly port: number;
  readonly routePort: number;
  readonly storeDir: string;
  /** True while its process runs. */
  readonly running: boolean;
  /** Graceful stop (SIGTERM), resolves when it has exited; the store stays. */
  stop(): Promise<void>;
  /** Hard kill (SIGKILL), resolves when it has exited; the store stays. */
  kill9(): Promise<void>;
  /** Starts it again on the same ports and store; resolves once it accepts clients (the cluster's `waitReady` for JetStream). */
  restart(): Promise<void>;
}

export interface RunningNatsCluster {
  /** Every node's client URL, comma-separated: what NATS_URL holds. */
  readonly url: string;
  readonly nodes: readonly NatsClusterNode[];
  readonly storeRoot: string;
  /** Resolves once every running node sees the running nodes and JetStream answers (a meta leader). */
  waitReady(timeoutMs?: number): Promise<void>;
  /** Starts every node that is not running (after `kill9`/`stop` of all, on the same stores), then waits for the cluster. */
  restart(): Promise<void>;
  /** SIGKILL to every node (stores kept). */
  kill9(): Promise<void>;
  /** Stops every node (SIGTERM); deletes the store folder when it created it. */
  stop(): Promise<void>;
}

/** Route ports picked are taken by someone else before the node bound them: start again with fresh ones. */
const PORT_TAKEN = /address already in use/i;
const START_ATTEMPTS = 3;

/**
 * Starts a local JetStream cluster of `nodes` nats-server processes on 127.0.0.1 (a configuration
 * file per node: server name, store, cluster name, routes to the others) and resolves once the
 * cluster has a JetStream meta leader and every node sees all the others. Client ports are picked
 * by the servers (`port: -1`) and kept for restarts; route ports are picked free up front.
 */
export async function startNatsCluster(options: NatsClusterOptions): Promise<RunningNatsCluster> {
  if (!Number.isInteger(options.nodes) || options.nodes < 1) throw new RangeError(`a cluster needs at least one node (nodes: ${options.nodes})`);
  const binary = findNatsServer(options.searchPath, options.binary);
  const ownsRoot = options.storeRoot === undefined;
  const storeRoot = options.storeRoot ?? mkdtempSync(join(tmpdir(), "strangler-nats-cluster-"));
  mkdirSync(storeRoot, { recursive: true, mode: 0o700 });
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  for (let attempt = 1; ; attempt++) {
    const plan = planCluster({ root: storeRoot, routePorts: await freePorts(options.nodes), clusterName: options.clusterName });
    const nodes = plan.map((node) => clusterNode(binary, node, readyTimeoutMs));
    const cluster = runningCluster(nodes, storeRoot, ownsRoot, readyTimeoutMs);
    try {
      await Promise.all(nodes.map((node) => node.restart()));
      await cluster.waitReady();
      return cluster;
    } catch (err) {
      const outputs = nodes.map((node) => node.output()).join("\n");
      await Promise.all(nodes.map((node) => node.kill9()));
      if (attempt < START_ATTEMPTS && PORT_TAKEN.test(`${String(err)}\n${outputs}`)) continue;
      if (ownsRoot) rmSync(storeRoot, { recursive: true, force: true });
      throw err;
    }
  }
}

interface ClusterNode extends NatsClusterNode {
  /** Throws when its process exited without being asked to. */
  check(): void;
  output(): string;
}

function clusterNode(binary: string, plan: ClusterNodePlan, readyTimeoutMs: number): ClusterNode {
  let server: NatsServerProcess | null = null;
  let port = -1;
  let wanted = false;
  const end = async (how: (running: NatsServerProcess) => Promise<void>) => {
    wanted = false;
    if (server) await how(server);
  };
  return {
    name: plan.name,
    get url() {
      return `nats://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    routePort: plan.routePort,
    storeDir: plan.storeDir,
    get running() {
      return server !== null && !server.hasExited;
    },
    stop: () => end((running) => running.stop()),
    kill9: () => end((running) => running.kill9()),
    async restart() {
      if (server && !server.hasExited) return;
      mkdirSync(plan.storeDir, { recursive: true, mode: 0o700 });
      server = await spawnNatsServer(binary, writeClusterNodeConfig(plan, port), readyTimeoutMs);
      port = server.port;
      wanted = true;
    },
    check() {
      if (wanted && server?.hasExited) {
        throw new CdcError(CDC_ERROR_CODES.natsServerStart, `nats-server ${plan.name} of the cluster exited. Its output:\n${server.output().slice(-2000)}`);
      }
    },
    output: () => server?.output() ?? "",
  };
}

function runningCluster(nodes: ClusterNode[], storeRoot: string, ownsRoot: boolean, readyTimeoutMs: number): RunningNatsCluster {
  const waitReady = async (timeoutMs = readyTimeoutMs) => {
    const running = nodes.filter((node) => node.running);
    await waitForJetStreamCluster({
      urls: running.map((node) => node.url),
      servers: running.length,
      timeoutMs,
      check: () => nodes.forEach((node) => node.check()),
    });
  };
  return {
    get url() {
      return nodes.map((node) => node.url).join(",");
    },
    nodes,
    storeRoot,
    waitReady,
    async restart() {
      await Promise.all(nodes.map((node) => node.restart()));
      await waitReady();
    },
    async kill9() {
      await Promise.all(nodes.map((node) => node.kill9()));
    },
    async stop() {
      await Promise.all(nodes.map((node) => node.stop()));
      if (ownsRoot) rmSync(storeRoot, { recursive: true, force: true });
    },
  };
}
