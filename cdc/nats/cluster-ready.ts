import { jetstreamManager, StorageType } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { CDC_ERROR_CODES, CdcError } from "../core/errors";
import { sleep } from "../core/backoff";
import { clusterFacts } from "./replicas";

export interface ClusterReadyOptions {
  /** Client URL of each node that should be up. */
  urls: readonly string[];
  /** Servers each node must see routed (itself included): the whole cluster. */
  servers: number;
  timeoutMs: number;
  /** Called on every look: throws when waiting is pointless (a node process exited). */
  check?(): void;
}

/**
 * Resolves once every node in `urls` answers JetStream requests (the cluster has a JetStream meta
 * leader, and the node knows it), sees all `servers` of the cluster routed, and a stream with a copy
 * on each node can be placed (a probe stream in memory, created and deleted: only for clusters of
 * our own). Looks every 200 ms: a condition, not a fixed sleep. Throws CDC_ERR_NATS_SERVER_START with what was last missing after `timeoutMs`.
 */
export async function waitForJetStreamCluster(options: ClusterReadyOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let missing = "nothing looked at yet";
  for (;;) {
    options.check?.();
    missing = (await Promise.all(options.urls.map((url) => nodeProblem(url, options.servers)))).filter(Boolean).join("; ");
    if (missing === "" && options.urls.length > 0) missing = await placementProblem(options.urls[0], options.urls.length);
    if (missing === "") return;
    if (Date.now() > deadline) {
      throw new CdcError(CDC_ERROR_CODES.natsServerStart, `the nats-server cluster was not ready within ${options.timeoutMs} ms: ${missing}`);
    }
    await sleep(200);
  }
}

/** The stream that proves a placement: in memory, deleted at once. */
const PROBE_STREAM = "STRANGLER_READY_PROBE";

/**
 * Connects to the node at `url` alone (no reconnect) and asks `look` what is missing ("" when
 * nothing); a node that takes no client says so, a failed look says `failure` and why.
 */
async function lookAt(url: string, failure: string, look: (nc: Awaited<ReturnType<typeof connect>>) => Promise<string>): Promise<string> {
  let nc;
  try {
    nc = await connect({ servers: url, reconnect: false, timeout: 2000, name: "strangler-cluster-ready" });
  } catch (err) {
    return `${url} does not accept clients (${err instanceof Error ? err.message : String(err)})`;
  }
  try {
    return await look(nc);
  } catch (err) {
    return `${failure} (${err instanceof Error ? err.message : String(err)})`;
  } finally {
    await nc.close().catch(() => undefined);
  }
}

/**
 * Why a stream with a copy on each of `replicas` servers cannot be placed yet; "" once it can. The
 * meta leader places streams only on servers it has heard from since it was elected: a cluster that
 * answers JetStream requests can still refuse "no suitable peers for placement" for a moment.
 */
function placementProblem(url: string, replicas: number): Promise<string> {
  return lookAt(url, `a stream with ${replicas} replicas cannot be placed yet`, async (nc) => {
    const jsm = await jetstreamManager(nc, { timeout: 5000 });
    await jsm.streams.add({ name: PROBE_STREAM, subjects: [`_strangler_ready_probe.${url.replace(/\W/g, "_")}`], storage: StorageType.Memory, num_replicas: replicas });
    await jsm.streams.delete(PROBE_STREAM);
    return "";
  });
}

/** Why the node at `url` is not ready yet; "" when it is. */
function nodeProblem(url: string, servers: number): Promise<string> {
  return lookAt(url, `${url} has no JetStream yet`, async (nc) => {
    const seen = clusterFacts(nc.info).servers;
    if (seen < servers) return `${url} sees ${seen} of ${servers} servers`;
    await (await jetstreamManager(nc, { timeout: 2000 })).getAccountInfo();
    return "";
  });
}
