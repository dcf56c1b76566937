import "reflect-metadata";
import type { DataSource } from "typeorm";
import { startRelay, type RunningRelay } from "../../cdc";
import { syncHeadSchema, syncStatusSchema } from "../../contracts";
import { catalogSync, createCatalogApp, createCatalogDataSource, openCatalogDatabase, readCatalogConfig } from "../../extracted/catalog";
import { createLogger } from "../../platform";
import { httpOnFreePort, startMonolith, tempDir, testNatsServer, type RunningMonolith, type TempDir, type TestNatsServer } from "../../testing";
import { waitUntil } from "../../testing/proxy";
import { startServiceSync } from "../sync/start-service-sync";
import { syncEndpointsOf } from "./sync-endpoints";

// A real nats-server, monolith and catalog database: allow for a busy machine.
jest.setTimeout(120_000);

/**
 * What the proxy's read-your-writes reads of a service (docs/read-your-writes.md): the head of its
 * own change log, and how far it has provably applied the monolith's stream.
 */
describe("a service's sync endpoints, from its running sync", () => {
  let dir: TempDir;
  let nats: TestNatsServer;
  let shop: RunningMonolith;
  let db: DataSource;
  let relay: RunningRelay;

  beforeAll(async () => {
    dir = tempDir("service-sync-endpoints-");
    nats = await testNatsServer();
    shop = await startMonolith({ dataDir: dir.path, seed: { categories: 2, products: 4, customers: 1, orders: 0 } });
    relay = await startRelay({ db: shop.dataSource, url: nats.url });
  });

  afterAll(async () => {
    await relay?.stop();
    if (db?.isInitialized) await db.destroy();
    await shop?.close();
    await nats?.close();
    dir?.remove();
  });

  it("serves the service's log head and the monolith position it has applied through", async () => {
    const config = readCatalogConfig({ STRANGLER_DATA_DIR: dir.path, NATS_URL: nats.url });
    db = createCatalogDataSource(config.database);
    await openCatalogDatabase(db);
    const logger = createLogger({ service: "catalog", silent: true });
    const sync = await startServiceSync(catalogSync, { db, database: config.database, monolithDatabase: config.monolithDatabase, dataDir: config.dataDir, natsUrl: config.natsUrl, natsReplicas: config.natsReplicas, proxyAdmin: null, logger });
    const http = await httpOnFreePort(createCatalogApp({ dataSource: db, logger, ...syncEndpointsOf(sync) }));
    try {
      const head = syncHeadSchema.parse(await (await fetch(`${http.url}/internal/sync/head`)).json());
      expect(head).toEqual({ source: "catalog", stream: "CDC_CATALOG", position: expect.any(Number) });
      // The monolith's seed is applied (the consumer starts from the stream's beginning) and proven by a mark.
      const monolithHead = await relay.relay.head();
      await waitUntil(async () => {
        const status = syncStatusSchema.parse(await (await fetch(`${http.url}/internal/sync/status`)).json());
        return (status.streams.find((stream) => stream.stream === "CDC_MONOLITH")?.appliedThroughPosition ?? -1) >= monolithHead;
      }, 60_000);
    } finally {
      await http.close();
      await sync.stop();
    }
  });
});
