import { mkdirSync } from "node:fs";
import { findNatsServer, freePorts, natsServerArgs, planCluster, waitForJetStreamCluster, writeClusterNodeConfig } from "../../cdc/nats";
import { startPartProcess, type ChildOptions, type PartProcess } from "./child-process";
import type { StackConfig } from "./config";
import { natsClusterRoot, natsStoreDir } from "./nats-parts";
import { label, type Supervisor } from "./supervisor";

export interface StartNatsOptions {
  config: StackConfig;
  supervisor: Supervisor;
  logDir: string;
  /** Options of every part's process (watches its supervisor, own process group). */
  part: ChildOptions;
  timeoutMs: number;
  say(line: string): void;
  /** A path as it is said in messages. */
  shown(path: string): string;
}

const NATS_LISTENING = /Listening for client connections on [^\s:]+:(\d+)/;
const NATS_READY = /Server is ready/;

/**
 * The nats-server(s) of `npm start`; resolves with the NATS_URL every other part gets. NATS_URL
 * set: those servers, nothing launched. Else one nats-server (part `nats`), or with
 * STRANGLER_NATS_CLUSTER=N a local JetStream cluster of N (parts `nats-1`…`nats-N`), each under a
 * watcher and supervised: a node that dies is started again on the same ports and store.
 * The command lines come from the one launcher (cdc/nats), as for tests and benchmarks.
 */
export async function startNats(options: StartNatsOptions): Promise<string> {
  const { config, say } = options;
  if (config.natsUrl) {
    say(`${label("nats")}${config.natsUrl} (NATS_URL)`);
    return config.natsUrl;
  }
  const binary = findNatsServer(config.searchPath);
  if (config.natsClusterNodes === 1) {
    const storeDir = natsStoreDir(config.dataDir);
    const url = await startNatsPart(options, "nats", (port) => [binary, ...natsServerArgs({ port, storeDir })]);
    say(`${label("nats")}${url} (store ${options.shown(storeDir)})`);
    return url;
  }
  const root = natsClusterRoot(config.dataDir);
  mkdirSync(root, { recursive: true, mode: 0o700 });
  // Route ports name each other in the configuration files: picked free up front, for this run.
  const plan = planCluster({ root, routePorts: await freePorts(config.natsClusterNodes) });
  const urls: string[] = [];
  for (const node of plan) {
    mkdirSync(node.storeDir, { recursive: true, mode: 0o700 });
    const url = await startNatsPart(options, node.name, (port) => [binary, ...writeClusterNodeConfig(node, port)]);
    say(`${label(node.name)}${url} (route port ${node.routePort}, store ${options.shown(node.storeDir)})`);
    urls.push(url);
  }
  // The relay creates its stream next: wait for the cluster's JetStream (a meta leader, every node routed).
  await waitForJetStreamCluster({ urls, servers: plan.length, timeoutMs: options.timeoutMs });
  const url = urls.join(",");
  say(`${label("nats")}JetStream cluster "${plan[0].clusterName}" of ${plan.length} ready: ${url}`);
  return url;
}

/**
 * Starts one nats-server as a supervised part under the watcher; `command(port)` is its command
 * line, with port -1 (a free one) the first time and the port it got on every restart.
 */
async function startNatsPart(options: StartNatsOptions, name: string, command: (port: number) => string[]): Promise<string> {
  let port: number | undefined;
  const spawn = (): PartProcess =>
    startPartProcess(
      { name, entry: "scripts/stack/watched-exec.cjs", args: command(port ?? -1), env: { ...process.env, STRANGLER_DATA_DIR: options.config.dataDir } },
      options.logDir,
      options.part,
    );
  await options.supervisor.start({
    name,
    spawn,
    ready: async (run) => {
      const listening = await run.waitForLine((line) => NATS_LISTENING.test(line), options.timeoutMs);
      await run.waitForLine((line) => NATS_READY.test(line), options.timeoutMs);
      port ??= Number(NATS_LISTENING.exec(listening)?.[1]);
    },
    describe: () => `nats://127.0.0.1:${port}`,
  });
  return `nats://127.0.0.1:${port}`;
}
