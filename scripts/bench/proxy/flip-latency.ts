import { tempDir } from "../../../testing";
import { adminCall, startProxy, startTestUpstream, type StartedProxy } from "../../../testing/proxy";
import { Agent, request } from "node:http";

/** Flip latency per instance, in milliseconds. */
export interface FlipLatency {
  flips: number;
  host: number[];
  reader: number[];
}

function upstreamOf(agent: Agent, proxy: StartedProxy): Promise<string> {
  const { hostname, port } = new URL(proxy.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path: "/products/1", agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(String(res.headers["x-upstream"])));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Requests through `proxy` back to back until one reaches `expected`; returns the time since `since`. */
async function firstRoutedTo(agent: Agent, proxy: StartedProxy, expected: string, since: bigint): Promise<number> {
  for (let i = 0; i < 100_000; i++) {
    if ((await upstreamOf(agent, proxy)) === expected) return Number(process.hrtime.bigint() - since) / 1e6;
  }
  throw new Error("flip never arrived");
}

/**
 * Two proxy instances (one hosting the embedded flag store, one reading it by URL with unleash-client
 * streaming), `flips` stage changes alternating service/monolith: for each, the time from the admin
 * call returning to the first request each instance routes the new way.
 */
export async function measureFlipLatency(flips: number): Promise<FlipLatency> {
  const [monolith, catalog] = await Promise.all([startTestUpstream("monolith"), startTestUpstream("catalog")]);
  const hostDir = tempDir();
  const readerDir = tempDir();
  const config = {
    upstreams: [
      { name: "monolith", url: monolith.url, default: true },
      { name: "catalog", url: catalog.url },
    ],
    routes: [{ id: "products-read", methods: ["GET"], paths: ["/products/:id"], upstream: "catalog" }],
  };
  const host = await startProxy({ config, dataDir: hostDir.path, instance: "host" });
  const reader = await startProxy({ config, dataDir: readerDir.path, flagsUrl: host.flagsUrl, flagsToken: host.adminToken, instance: "reader" });
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const result: FlipLatency = { flips, host: [], reader: [] };
  try {
    for (let i = 0; i < flips; i++) {
      const stage = i % 2 === 0 ? "service" : "monolith";
      const expected = stage === "service" ? "catalog" : "monolith";
      const res = await adminCall(host, "PUT", "/routes/products-read/stage", { stage, reason: "flip benchmark" });
      if (res.status !== 200) throw new Error(`flip failed: ${res.status} ${res.body}`);
      const returned = process.hrtime.bigint();
      const [onHost, onReader] = await Promise.all([firstRoutedTo(agent, host, expected, returned), firstRoutedTo(agent, reader, expected, returned)]);
      result.host.push(onHost);
      result.reader.push(onReader);
    }
  } finally {
    agent.destroy();
    await reader.close();
    await host.close();
    await Promise.all([monolith.close(), catalog.close()]);
    hostDir.remove();
    readerDir.remove();
  }
  return result;
}
