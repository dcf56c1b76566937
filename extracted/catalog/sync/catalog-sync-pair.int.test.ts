import "reflect-metadata";
import { startRelay, type RunningRelay } from "../../../cdc";
import { rawRequest, startCatalog, startMonolith, tempDir, testNatsServer, waitUntil, type RunningCatalog, type RunningMonolith, type TempDir, type TestNatsServer } from "../../../testing";
import { backfillCatalog } from "./backfill-catalog";
import { startCatalogSyncPair, type CatalogSyncPair } from "./catalog-sync-pair";

jest.setTimeout(30_000);

describe("the catalog service's sync pair: both directions in one process (real nats-server and SQLite)", () => {
  let dir: TempDir;
  let nats: TestNatsServer;
  let shop: RunningMonolith;
  let relay: RunningRelay;
  let catalog: RunningCatalog;
  let pair: CatalogSyncPair;

  const write = (url: string, token: string, method: string, path: string, body: unknown) =>
    rawRequest(url, { method, path, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });

  beforeAll(async () => {
    dir = tempDir("sync-pair-");
    nats = await testNatsServer();
    shop = await startMonolith({ dataDir: dir.path, seed: { categories: 2, products: 10, customers: 1, orders: 1 } });
    relay = await startRelay({ db: shop.dataSource, url: nats.url });
    catalog = await startCatalog({ dataDir: dir.path });
    await backfillCatalog(shop.dataSource, catalog.dataSource);
    pair = await startCatalogSyncPair({
      catalog: catalog.dataSource,
      monolithDatabasePath: dir.file("monolith.sqlite"),
      natsUrl: nats.url,
      reverse: { ackWaitMs: 2000, retries: { maxAttempts: 2, retryBaseMs: 20, retryMaxMs: 40 } },
    });
  });

  afterAll(async () => {
    await pair?.stop();
    await catalog?.close();
    await relay?.stop();
    await shop?.close();
    await nats?.close();
    dir?.remove();
  });

  it("reports one running stream per direction", async () => {
    const streams = await pair.status();
    expect(streams.map((stream) => [stream.stream, stream.running])).toEqual([
      ["CDC_MONOLITH", true],
      ["CDC_CATALOG", true],
    ]);
  });

  it("lists a change the reverse direction parked beside the forward ones, and replays it through its own consumer", async () => {
    // Both sides create product 11 while the monolith's relay is stopped (the catalog cannot know):
    // the monolith refuses the catalog's copy.
    await relay.stop();
    expect((await write(shop.url, shop.adminToken, "POST", "/products", { sku: "MONOLITH-11", name: "Made in the monolith", priceCents: 100, categoryId: 1 })).status).toBe(201);
    const created = await write(catalog.url, catalog.adminToken, "POST", "/products", { sku: "CATALOG-11", name: "Made in the catalog", priceCents: 200, categoryId: 1 });
    expect(JSON.parse(created.body).id).toBe(11);

    await waitUntil(async () => (await pair.listParked()).length === 1, 15_000);
    const [parked] = await pair.listParked();
    expect(parked).toMatchObject({ source: "catalog", table: "products", reason: "products 11 already exists in the monolith: the catalog and the monolith both created it" });
    expect((await pair.status()).find((stream) => stream.stream === "CDC_CATALOG")?.parked).toBe(1);

    expect(await pair.replayParked()).toEqual({ replayed: 0, stillParked: 1 });
  });
});
