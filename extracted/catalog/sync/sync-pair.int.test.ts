import "reflect-metadata";
import type { DataSource } from "typeorm";
import { liftWriteFence, setWriteFence, startRelay, type RunningRelay } from "../../../cdc";
import { rawRequest, startCatalog, startMonolith, tempDir, testNatsServer, waitUntil, type RunningCatalog, type RunningMonolith, type TempDir, type TestNatsServer } from "../../../testing";
import { MOVED_TABLES } from "./write-group";
import { type SyncPair, backfillService, openMonolithTarget, startSyncPair } from "../../../service-kit";
import { catalogSync } from "./catalog-sync";

jest.setTimeout(30_000);

describe("the catalog service's sync pair: both directions in one process (real nats-server and SQLite)", () => {
  let dir: TempDir;
  let nats: TestNatsServer;
  let shop: RunningMonolith;
  let relay: RunningRelay;
  let catalog: RunningCatalog;
  let pair: SyncPair;
  let monolith: DataSource;

  const write = (url: string, token: string, method: string, path: string, body: unknown) =>
    rawRequest(url, { method, path, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });

  beforeAll(async () => {
    dir = tempDir("sync-pair-");
    nats = await testNatsServer();
    shop = await startMonolith({ dataDir: dir.path, seed: { categories: 2, products: 10, customers: 1, orders: 1 } });
    relay = await startRelay({ db: shop.dataSource, url: nats.url });
    catalog = await startCatalog({ dataDir: dir.path });
    await backfillService(catalogSync, shop.dataSource, catalog.dataSource);
    monolith = await openMonolithTarget(catalogSync, dir.file("monolith.sqlite"));
    pair = await startSyncPair(catalogSync, {
      db: catalog.dataSource,
      monolith,
      natsUrl: nats.url,
      reverse: { ackWaitMs: 2000, retries: { maxAttempts: 2, retryBaseMs: 20, retryMaxMs: 40 } },
    });
  });

  afterAll(async () => {
    await pair?.stop();
    await monolith?.destroy();
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

  it("lists a change the reverse direction parked beside the forward ones, and a replay keeps it parked while the monolith owns the rows", async () => {
    // An operator lifted the catalog's fence by hand while the monolith owns the writes: a write
    // sent straight to the catalog commits there, and the reverse consumer must not apply it.
    await liftWriteFence(catalog.dataSource, MOVED_TABLES);
    const created = await write(catalog.url, catalog.adminToken, "POST", "/products", { sku: "CATALOG-11", name: "Made in the catalog", priceCents: 200, categoryId: 1 });
    expect(JSON.parse(created.body).id).toBe(11);

    await waitUntil(async () => (await pair.listParked()).length === 1, 15_000);
    const [parked] = await pair.listParked();
    expect(parked).toMatchObject({ source: "catalog", table: "products" });
    expect(parked.reason).toContain('not applied: this database owns "products" now');
    expect((await pair.status()).find((stream) => stream.stream === "CDC_CATALOG")?.parked).toBe(1);
    expect((await rawRequest(shop.url, { path: "/products/11" })).status).toBe(404);

    expect(await pair.replayParked()).toEqual({ replayed: 0, stillParked: 1 });
  });

  it("discards a row's parked changes in the forward consumer for good, audited in the catalog, and the row's next change applies", async () => {
    // The catalog's fence is still lifted (above): a monolith change to product 5 is parked, never applied.
    const first = await write(shop.url, shop.adminToken, "PATCH", "/products/5", { name: "Parked first" });
    expect(first.status).toBe(200);
    await waitUntil(async () => (await pair.listParked({ key: '{"id":5}' })).length === 1, 15_000);
    // The catalog is the copy again; the row's next change is held behind the parked one.
    await setWriteFence(catalog.dataSource, MOVED_TABLES, "test: the monolith owns catalog-writes");
    expect((await write(shop.url, shop.adminToken, "PATCH", "/products/5", { name: "Parked second" })).status).toBe(200);
    await waitUntil(async () => (await pair.listParked({ key: '{"id":5}' })).length === 2, 15_000);
    const parked = await pair.listParked({ key: '{"id":5}' });
    expect(parked.map((change) => [change.source, change.table])).toEqual([
      ["monolith", "products"],
      ["monolith", "products"],
    ]);
    expect(parked[1].reason).toContain("held behind parked change");

    await expect(pair.discardParked({ key: '{"id":5}', source: "monolith" }, { reason: "made while the fence was lifted by hand", actor: "jest" })).resolves.toEqual({ discarded: 2, stillParked: 1 });
    expect(await catalog.dataSource.query(`SELECT "source", "position", "table_name", "key", "reason", "actor" FROM "_strangler_discarded_changes" ORDER BY "position"`)).toEqual(
      parked.map((change) => ({ source: "monolith", position: change.position, table_name: "products", key: '{"id":5}', reason: "made while the fence was lifted by hand", actor: "jest" })),
    );
    // The monolith's own audit table (the reverse consumer's target) got nothing: the discard named the source.
    expect(await monolith.query(`SELECT COUNT(*) AS "count" FROM "_strangler_discarded_changes"`)).toEqual([{ count: 0 }]);
    expect((await pair.listParked()).map((change) => change.source)).toEqual(["catalog"]);

    // Its predecessor was discarded: the next change applies, it neither waits nor is parked.
    expect((await write(shop.url, shop.adminToken, "PATCH", "/products/5", { name: "After the discard" })).status).toBe(200);
    await waitUntil(async () => JSON.parse((await rawRequest(catalog.url, { path: "/products/5" })).body).name === "After the discard", 15_000);
    expect((await pair.listParked({ key: '{"id":5}' })).length).toBe(0);
  });
});
