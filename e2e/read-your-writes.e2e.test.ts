import { setTimeout as sleep } from "node:timers/promises";
import { Registry } from "prom-client";
import { startRelay, type RunningRelay } from "../cdc";
import { relayMetricsHandler } from "../scripts/stack/relay-metrics";
import { backfillService } from "../service-kit";
import { monolithRelayProgressFile } from "../service-kit/sync/monolith-databases";
import { catalogSync } from "../extracted/catalog";
import { httpOnFreePort, startCatalog, tempDir, testNatsServer, waitForCatchUp, catalogChangePosition, type RunningCatalog, type RunningHttp, type RunningMonolith, type TempDir, type TestNatsServer } from "../testing";
import { startMonolithOn, TEST_ADMIN_TOKEN } from "../testing/monolith";
import { adminCall, rawRequest, startProxy, waitUntil, type RawResponse, type StartedProxy } from "../testing/proxy";

/**
 * Issue 18's proof: 1,000 write-then-immediately-read pairs through two proxy instances (the write
 * through one, the read through the other, the watermark carried by the signed cookie), the read
 * route on the catalog service, whose consumer is slowed by a delay before every batch. With
 * `readYourWrites` off reads are stale (the problem is real); with `route-to-owner` and `wait` none
 * is. For `off` and `route-to-owner` the consumer is held for the whole run (the delay outlasts it),
 * so the outcome does not depend on how fast a busy machine answers; `wait` runs with the 100 ms
 * delay alone and must find the service caught up.
 */

const PAIRS = 1000;
const CLIENTS = 20;
/** The injected lag: every batch the catalog's consumer applies waits this long first. */
const CONSUMER_DELAY_MS = 100;

let dir: TempDir;
let nats: TestNatsServer;
let shop: RunningMonolith;
let relay: RunningRelay;
let relayHttp: RunningHttp;
let catalog: RunningCatalog;
/** While set, the catalog's consumer applies nothing (it waits for this before each batch). */
let held: Promise<void> | null = null;

/** Runs `work` with the consumer held, then lets it go on. */
async function withConsumerHeld<T>(work: () => Promise<T>): Promise<T> {
  let release!: () => void;
  held = new Promise((resolve) => (release = resolve));
  try {
    return await work();
  } finally {
    held = null;
    release();
  }
}

beforeAll(async () => {
  dir = tempDir("ryw-");
  nats = await testNatsServer();
  shop = await startMonolithOn("sqlite", { dataDir: dir.path, seed: { categories: 3, products: CLIENTS, customers: 2, orders: 0 } });
  relay = await startRelay({ db: shop.dataSource, url: nats.url, progressFile: monolithRelayProgressFile(shop.database, dir.path) });
  // The relay process's own listener (RELAY_METRICS_PORT) serves the monolith's log head.
  relayHttp = await httpOnFreePort(relayMetricsHandler(new Registry(), "relay-metrics-token-0123", () => relay.head()));
  catalog = await startCatalog({
    consumerHooks: {
      beforeApply: async () => {
        await sleep(CONSUMER_DELAY_MS);
        if (held) await held;
      },
    },
  });
  await backfillService(catalogSync, shop.dataSource, catalog.dataSource);
  await catalog.startSync(nats.url);
  await waitForCatchUp(catalog.url, relay.relay, await catalogChangePosition(shop.dataSource));
});

afterAll(async () => {
  await catalog?.close();
  await relayHttp?.close();
  await relay?.stop();
  await shop?.close();
  await nats?.close();
  dir?.remove();
});

type Mode = "off" | "route-to-owner" | "wait";

const routeTable = (mode: Mode) => ({
  upstreams: [
    { name: "monolith", url: shop.url, default: true, syncHeadUrl: `${relayHttp.url}/internal/sync/head` },
    { name: "catalog", url: catalog.url, syncStatusPath: "/internal/sync/status", syncHeadUrl: "/internal/sync/head" },
  ],
  routes: [{ id: "products-read", group: "catalog", methods: ["GET"], paths: ["/products/:id"], upstream: "catalog", stage: "service", readYourWrites: { mode, maxWaitMs: 5000 } }],
  stickiness: { header: "x-user-id", sessionCookie: "shop_session" },
  flags: { readyTimeoutMs: 2000, requestTimeoutMs: 1000 },
});

/** Two instances: the first hosts the flag store, the second reads it (as under a load balancer). */
async function twoProxies(mode: Mode): Promise<[StartedProxy, StartedProxy, () => Promise<void>]> {
  const dirs = [tempDir("ryw-a-"), tempDir("ryw-b-")];
  const first = await startProxy({ config: routeTable(mode), dataDir: dirs[0].path, instance: "a" });
  const second = await startProxy({ config: routeTable(mode), dataDir: dirs[1].path, flagsUrl: first.flagsUrl, flagsToken: first.adminToken, instance: "b" });
  // Both route the read to the service before the pairs start.
  await waitUntil(async () => {
    const answers = await Promise.all([first, second].map((proxy) => rawRequest(proxy.url, { path: "/products/1", headers: { "x-user-id": "probe" } })));
    return answers.every((answer) => answer.headers["x-served-by"] === "catalog");
  });
  return [first, second, async () => {
    await second.close();
    await first.close();
    for (const d of dirs) d.remove();
  }];
}

interface PairsResult {
  stale: number;
  servedBy: Record<string, number>;
}

/**
 * CLIENTS clients, each on its own product, write a new name through one instance and read the
 * product at once through the other, carrying only the cookie the write's answer set.
 */
async function runPairs(mode: Mode, proxies: [StartedProxy, StartedProxy]): Promise<PairsResult> {
  const result: PairsResult = { stale: 0, servedBy: {} };
  const perClient = PAIRS / CLIENTS;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      const productId = client + 1;
      const user = `${mode}-user-${client}`;
      for (let i = 0; i < perClient; i++) {
        const [writer, reader] = i % 2 === 0 ? proxies : [proxies[1], proxies[0]];
        const name = `${mode} ${client} ${i}`;
        const write = await rawRequest(writer.url, {
          method: "PATCH",
          path: `/products/${productId}`,
          headers: { "content-type": "application/json", authorization: `Bearer ${TEST_ADMIN_TOKEN}`, "x-user-id": user },
          body: JSON.stringify({ name }),
        });
        expect(write.status).toBe(200);
        const cookie = cookieOf(write);
        const read = await rawRequest(reader.url, { path: `/products/${productId}`, headers: { "x-user-id": user, ...(cookie ? { cookie } : {}) } });
        expect(read.status).toBe(200);
        if (read.json<{ name: string }>().name !== name) result.stale += 1;
        const side = String(read.headers["x-served-by"] ?? "monolith");
        result.servedBy[side] = (result.servedBy[side] ?? 0) + 1;
      }
    }),
  );
  return result;
}

function cookieOf(answer: RawResponse): string | undefined {
  const set = answer.headers["set-cookie"];
  const first = Array.isArray(set) ? set[0] : set;
  return first?.split(";")[0];
}

async function metricValue(proxy: StartedProxy, name: string, labels: string): Promise<number> {
  const text = (await adminCall(proxy, "GET", "/metrics")).body;
  const line = text.split("\n").find((row) => row.startsWith(`${name}{`) && row.includes(labels));
  return line ? Number(line.split(" ").pop()) : 0;
}

describe("read-your-writes across two proxy instances, the service's consumer slowed down", () => {
  it("off: the 1,000 immediate reads are stale (the problem is real)", async () => {
    const [a, b, close] = await twoProxies("off");
    try {
      const result = await withConsumerHeld(() => runPairs("off", [a, b]));
      // All but those of a batch the consumer was already applying when it was held.
      expect(result.stale).toBeGreaterThan(PAIRS / 2);
      expect(result.servedBy.catalog).toBe(PAIRS);
    } finally {
      await close();
    }
  });

  it("route-to-owner: none of the 1,000 reads is stale; the held ones went to the monolith", async () => {
    const [a, b, close] = await twoProxies("route-to-owner");
    try {
      const result = await withConsumerHeld(() => runPairs("route-to-owner", [a, b]));
      expect(result.stale).toBe(0);
      expect(result.servedBy.monolith).toBeGreaterThan(0);
      const redirected = (await metricValue(a, "strangler_proxy_read_your_writes_total", 'outcome="redirected"')) + (await metricValue(b, "strangler_proxy_read_your_writes_total", 'outcome="redirected"'));
      expect(redirected).toBe(result.servedBy.monolith);
      // Once the service caught up, the same client's reads go to the service again.
      await waitForCatchUp(catalog.url, relay.relay, await catalogChangePosition(shop.dataSource));
      await waitUntil(async () => (await rawRequest(a.url, { path: "/products/1", headers: { "x-user-id": "route-to-owner-user-0" } })).headers["x-served-by"] === "catalog");
    } finally {
      await close();
    }
  });

  it("wait: none of the 1,000 reads is stale; most waited for the service instead of leaving it", async () => {
    const [a, b, close] = await twoProxies("wait");
    try {
      const result = await runPairs("wait", [a, b]);
      expect(result.stale).toBe(0);
      expect(result.servedBy.catalog).toBeGreaterThan(PAIRS / 2);
      const waited = (await metricValue(a, "strangler_proxy_read_your_writes_total", 'outcome="waited"')) + (await metricValue(b, "strangler_proxy_read_your_writes_total", 'outcome="waited"'));
      expect(waited).toBeGreaterThan(0);
      expect(await metricValue(b, "strangler_proxy_read_your_writes_wait_seconds_count", 'route="products-read"')).toBeGreaterThan(0);
    } finally {
      await close();
    }
  });
});
