import { existsSync } from "node:fs";
import { jetstreamManager } from "@nats-io/jetstream";
import { testNatsCluster, testNatsServer, type TestNatsCluster } from "../../testing/nats";
import { connectNats } from "./nats-connection";
import { JetStreamPublisher } from "./jetstream-publisher";
import { JetStreamSubscription } from "./jetstream-subscription";
import { startNatsCluster } from "./nats-cluster-launcher";
import { clusterFacts } from "./replicas";

// Real nats-server processes; a cluster start waits for JetStream (seconds on a busy machine).
jest.setTimeout(180_000);

let nats: TestNatsCluster;

beforeAll(async () => {
  nats = await testNatsCluster(3);
});

afterAll(async () => {
  await nats?.close();
});

async function withJsm<T>(url: string, work: (jsm: Awaited<ReturnType<typeof jetstreamManager>>, info: ReturnType<typeof clusterFacts>) => Promise<T>): Promise<T> {
  const nc = await connectNats(url, "cluster-test");
  try {
    return await work(await jetstreamManager(nc), clusterFacts(nc.info));
  } finally {
    await nc.close();
  }
}

describe("a local nats-server cluster (startNatsCluster)", () => {
  it("starts 3 routed JetStream nodes on free ports, each telling clients of all 3", async () => {
    expect(nats.nodes.map((node) => node.name)).toEqual(["nats-1", "nats-2", "nats-3"]);
    expect(nats.url).toBe(nats.nodes.map((node) => `nats://127.0.0.1:${node.port}`).join(","));
    expect(new Set(nats.nodes.map((node) => node.port)).size).toBe(3);
    for (const node of nats.nodes) {
      expect(await withJsm(node.url, async (_jsm, facts) => facts)).toEqual({ cluster: "strangler", servers: 3 });
    }
  });

  it("gives a change stream and its durable consumer 3 replicas there, by default", async () => {
    const publisher = await JetStreamPublisher.open({ url: nats.url, source: "replicated" });
    const subscription = await JetStreamSubscription.open({ url: nats.url, source: "replicated", durable: "copies" });
    await subscription.close();
    await publisher.close();
    const { stream, consumer } = await withJsm(nats.url, async (jsm) => ({ stream: await jsm.streams.info("CDC_REPLICATED"), consumer: await jsm.consumers.info("CDC_REPLICATED", "copies") }));
    expect(stream.config.num_replicas).toBe(3);
    expect(stream.cluster?.replicas).toHaveLength(2);
    expect(consumer.config.num_replicas).toBe(3);
  });

  it("refuses a relay start on a stream with fewer replicas than the cluster needs, naming nats stream edit", async () => {
    await withJsm(nats.url, (jsm) => jsm.streams.add({ name: "CDC_SINGLE", subjects: ["cdc.single.>"], num_replicas: 1, duplicate_window: 2 * 3600 * 1e9 }));
    await expect(JetStreamPublisher.open({ url: nats.url, source: "single" })).rejects.toMatchObject({
      code: "CDC_ERR_STREAM_UNSAFE",
      message: expect.stringContaining("nats stream edit CDC_SINGLE --replicas 3"),
    });
    // An explicit NATS_REPLICAS=1 accepts it.
    const accepted = await JetStreamPublisher.open({ url: nats.url, source: "single", replicas: 1 });
    await accepted.close();
  });

  it("names NATS_REPLICAS when more replicas are asked for than the cluster has servers", async () => {
    await expect(JetStreamPublisher.open({ url: nats.url, source: "toomany", replicas: 5 })).rejects.toMatchObject({
      code: "CDC_ERR_STREAM_REPLICAS",
      message: expect.stringContaining("NATS_REPLICAS"),
    });
  });

  it("restarts a killed node on its port and store, and it catches up with the stream", async () => {
    const publisher = await JetStreamPublisher.open({ url: nats.url, source: "restart" });
    const leader = await withJsm(nats.url, async (jsm) => (await jsm.streams.info("CDC_RESTART")).cluster?.leader ?? "");
    const node = nats.node(leader);
    const port = node.port;
    await node.kill9();
    expect(node.running).toBe(false);
    // Publishes go on while a majority (2 of 3) is up: a new leader takes over.
    for (let index = 0; index < 20; index++) await publishUntilStored(publisher, index);
    await node.restart();
    expect(node.port).toBe(port);
    await nats.cluster.waitReady();
    // Caught up: the restarted node is a current replica (or the leader) of a stream holding all 20.
    await waitFor(
      () =>
        withJsm(nats.url, async (jsm) => {
          const { cluster, state } = await jsm.streams.info("CDC_RESTART");
          const members = [cluster?.leader, ...(cluster?.replicas ?? []).filter((replica) => replica.current).map((replica) => replica.name)];
          return state.messages === 20 && members.length === 3 && members.includes(node.name);
        }),
      "the restarted node a current replica of all 20 messages",
    );
    await publisher.close();
  });
});

describe("startNatsCluster's stores", () => {
  it("deletes the temp store folder it created when stopped, and restarts all nodes on the same stores", async () => {
    const cluster = await startNatsCluster({ nodes: 3, searchPath: process.env.PATH, readyTimeoutMs: 90_000 });
    try {
      const publisher = await JetStreamPublisher.open({ url: cluster.url, source: "whole" });
      await publisher.close();
      await cluster.kill9();
      expect(cluster.nodes.every((node) => !node.running)).toBe(true);
      await cluster.restart();
      const names = await withJsm(cluster.url, async (jsm) => (await jsm.streams.info("CDC_WHOLE")).config.num_replicas);
      expect(names).toBe(3);
    } finally {
      await cluster.stop();
    }
    expect(existsSync(cluster.storeRoot)).toBe(false);
  });

  it("keeps one replica on a lone server, and names NATS_REPLICAS when more are asked for there", async () => {
    const server = await testNatsServer();
    try {
      const publisher = await JetStreamPublisher.open({ url: server.url, source: "lone" });
      await publisher.close();
      expect(await withJsm(server.url, async (jsm) => (await jsm.streams.info("CDC_LONE")).config.num_replicas)).toBe(1);
      await expect(JetStreamPublisher.open({ url: server.url, source: "three", replicas: 3 })).rejects.toMatchObject({
        code: "CDC_ERR_STREAM_REPLICAS",
        message: expect.stringContaining("set NATS_REPLICAS to at most the JetStream servers it has (1 for a single server)"),
      });
    } finally {
      await server.close();
    }
  });
});

async function publishUntilStored(publisher: JetStreamPublisher, index: number): Promise<void> {
  const event = { id: `restart:${index}`, source: "restart", position: index + 1, table: "t", op: "insert", key: { id: index }, after: { id: index }, before: null, committedAt: new Date().toISOString() };
  await waitFor(
    () =>
      publisher.publish(event as never).then(
        () => true,
        () => false,
      ),
    `publish ${index}`,
  );
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
