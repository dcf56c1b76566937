import "reflect-metadata";
import type { DataSource } from "typeorm";
import { startRelay, type RunningRelay } from "../../cdc";
import { catalogSync, createCatalogDataSource, openCatalogDatabase, readCatalogConfig, type CatalogConfig } from "../../extracted/catalog";
import { createLogger } from "../../platform";
import { startMonolith, tempDir, testNatsServer, type RunningMonolith, type TempDir, type TestNatsServer } from "../../testing";
import { startServiceSync } from "./start-service-sync";

// A real nats-server, monolith and catalog database: allow for a busy machine.
jest.setTimeout(120_000);

/**
 * NATS_REPLICAS reaches every stream a service creates, read by the service's own config as `npm
 * start` passes it. On a lone nats-server 3 replicas cannot be placed, so the start fails naming the
 * stream that was to be created with them: proof of which part asked. (Without the variable, a
 * service's streams took the cluster's count, whatever the relay was told.)
 */
describe("startServiceSync passes the service's NATS_REPLICAS to the streams it creates", () => {
  let dir: TempDir;
  let nats: TestNatsServer;
  let shop: RunningMonolith;
  let db: DataSource;
  let relay: RunningRelay | undefined;
  const logger = createLogger({ service: "catalog", silent: true });

  const start = (config: CatalogConfig) =>
    startServiceSync(catalogSync, {
      db,
      database: config.database,
      monolithDatabase: config.monolithDatabase,
      dataDir: config.dataDir,
      natsUrl: config.natsUrl,
      natsReplicas: config.natsReplicas,
      proxyAdmin: null,
      logger,
    });
  const configWith = (replicas: string) => readCatalogConfig({ STRANGLER_DATA_DIR: dir.path, NATS_URL: nats.url, NATS_REPLICAS: replicas });

  beforeAll(async () => {
    dir = tempDir("service-sync-replicas-");
    nats = await testNatsServer();
    shop = await startMonolith({ dataDir: dir.path, seed: { categories: 1, products: 2, customers: 1, orders: 0 } });
    db = createCatalogDataSource(configWith("1").database);
    await openCatalogDatabase(db);
  });

  afterAll(async () => {
    await relay?.stop();
    if (db?.isInitialized) await db.destroy();
    await shop?.close();
    await nats?.close();
    dir?.remove();
  });

  it("the forward consumer, starting before the monolith's relay, creates CDC_MONOLITH with them", async () => {
    await expect(start(configWith("3"))).rejects.toMatchObject({
      code: "CDC_ERR_STREAM_REPLICAS",
      message: expect.stringMatching(/^Stream CDC_MONOLITH could not be created with 3 replicas: .*set NATS_REPLICAS to at most the JetStream servers it has/),
    });
  });

  it("the service's relay creates CDC_CATALOG with them", async () => {
    // The monolith's relay creates CDC_MONOLITH first (one replica on a lone server): the consumer follows it as it is.
    relay = await startRelay({ db: shop.dataSource, url: nats.url });
    await expect(start(configWith("3"))).rejects.toMatchObject({
      code: "CDC_ERR_STREAM_REPLICAS",
      message: expect.stringMatching(/^Stream CDC_CATALOG could not be created with 3 replicas: /),
    });
  });

  it("starts both directions with as many as the server can place", async () => {
    const sync = await start(configWith("1"));
    try {
      expect(sync.pair).not.toBeNull();
      expect((await sync.pair!.status()).map((status) => status.stream).sort()).toEqual(["CDC_CATALOG", "CDC_MONOLITH"]);
    } finally {
      await sync.stop();
    }
  });
});
