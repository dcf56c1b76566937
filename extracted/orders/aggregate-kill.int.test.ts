import { join } from "node:path";
import { DataSource } from "typeorm";
import { startRelay, type RunningRelay } from "../../cdc";
import { SeededRandom, sqliteOptions } from "../../platform";
import { backfillService, verifyService } from "../../service-kit";
import { freePort, rawRequest, startMonolith, tempDir, testNatsServer, waitUntil, type RunningMonolith, type TempDir, type TestNatsServer } from "../../testing";
import { runProcess, waitHttpOk, type ProcessRun } from "../../testing/faults";
import { logIn } from "../../testing/orders";
import { createOrdersDataSource, openOrdersDatabase } from "./data-source";
import { ordersSync } from "./sync";

/**
 * Aggregates move whole: the shop places orders of 1–8 lines (an order and its lines in ONE
 * monolith transaction) while the real orders service process consumes them from JetStream and is
 * killed with -9 again and again; a reader polls orders.sqlite the whole time and must never see an
 * order whose lines do not add up to its total (the shop's total is the sum of its lines), nor a
 * line without its order. At the end the service holds every order, and verify finds no drift.
 */
const SEED = 20261205;

let dir: TempDir;
let shop: RunningMonolith;
let nats: TestNatsServer;
let relay: RunningRelay;
let service: ProcessRun | null = null;
let port: number;
let cookie: string;
let productIds: number[];

async function startService(): Promise<ProcessRun> {
  service = runProcess({
    name: "orders",
    args: ["--import", "tsx", "extracted/orders/main.ts"],
    env: { PATH: process.env.PATH, STRANGLER_DATA_DIR: dir.path, ORDERS_PORT: String(port), MONOLITH_PORT: new URL(shop.url).port, SHOP_ADMIN_TOKEN: shop.adminToken, NATS_URL: nats.url, LOG_LEVEL: "info" },
    logDir: dir.path,
  });
  await waitHttpOk(`http://127.0.0.1:${port}/healthz`, service);
  return service;
}

beforeAll(async () => {
  dir = tempDir("orders-aggregate-kill-");
  shop = await startMonolith({ dataDir: dir.path, seed: { categories: 1, products: 10, customers: 1, orders: 0 } });
  cookie = await logIn(shop.url, 1);
  productIds = ((await shop.dataSource.query(`SELECT "id" FROM "products" WHERE "active" = 1 ORDER BY "id" LIMIT 8`)) as Array<{ id: number }>).map((row) => row.id);
  await shop.dataSource.query(`UPDATE "stock_levels" SET "quantity" = 1000000`);
  const db = createOrdersDataSource(join(dir.path, "orders.sqlite"));
  await openOrdersDatabase(db);
  await backfillService(ordersSync, shop.dataSource, db);
  await db.destroy();
  nats = await testNatsServer();
  relay = await startRelay({ db: shop.dataSource, url: nats.url });
  port = await freePort();
}, 120_000);

afterAll(async () => {
  await service?.kill9();
  await relay?.stop();
  await nats?.close();
  await shop?.close();
  dir?.remove();
});

describe("orders and their lines, through kill -9 of the orders service", () => {
  it("never shows an order without all its lines, and ends with every order and no drift", async () => {
    const random = new SeededRandom(SEED);
    await startService();
    const reader = new DataSource({ ...sqliteOptions(join(dir.path, "orders.sqlite")) });
    await reader.initialize();
    const torn: unknown[] = [];
    let reads = 0;
    let reading = true;
    let loading = true;
    const polling = (async () => {
      while (reading) {
        torn.push(
          ...(await reader.query(
            `SELECT 'order' AS "kind", o."legacy_id", o."total_minor" AS "total", (SELECT SUM(l."quantity" * l."unit_price_minor") FROM "order_lines" l WHERE l."order_legacy_id" = o."legacy_id") AS "lines" FROM "orders" o
              WHERE o."total_minor" IS NOT (SELECT SUM(l."quantity" * l."unit_price_minor") FROM "order_lines" l WHERE l."order_legacy_id" = o."legacy_id")
             UNION ALL
             SELECT 'line', l."legacy_id", NULL, NULL FROM "order_lines" l WHERE NOT EXISTS (SELECT 1 FROM "orders" o WHERE o."legacy_id" = l."order_legacy_id")`,
          )),
        );
        reads += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    let placed = 0;
    const writing = (async () => {
      while (loading) {
        const lines = productIds.slice(0, random.int(1, 8)).map((productId) => ({ productId, quantity: random.int(1, 4) }));
        const answer = await rawRequest(shop.url, { method: "POST", path: "/orders", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify({ lines }) });
        if (answer.status === 201) placed += 1;
      }
    })();
    for (let kill = 0; kill < 4; kill++) {
      await new Promise((resolve) => setTimeout(resolve, random.int(500, 2000)));
      await service!.kill9();
      await new Promise((resolve) => setTimeout(resolve, random.int(0, 500)));
      await startService();
    }
    loading = false;
    await writing;
    const total = Number((await shop.dataSource.query(`SELECT COUNT(*) AS "n" FROM "orders"`))[0].n);
    await waitUntil(async () => Number((await reader.query(`SELECT COUNT(*) AS "n" FROM "orders"`))[0].n) === total, 120_000, 100).catch(async (err: unknown) => {
      const status = await rawRequest(`http://127.0.0.1:${port}`, { path: "/internal/sync/status" }).then((answer) => answer.body, String);
      const have = (await reader.query(`SELECT COUNT(*) AS "n" FROM "orders"`))[0].n;
      throw new Error(`${String(err)}: the service has ${have} of ${total} orders; its sync status: ${status}; its log: ${service!.tail(30)}`);
    });
    reading = false;
    await polling;

    expect(placed).toBeGreaterThan(20);
    expect(reads).toBeGreaterThan(20);
    expect(torn).toEqual([]);
    const report = await verifyService(ordersSync, shop.dataSource, reader);
    expect(report.drift).toEqual([]);
    await reader.destroy();
  }, 300_000);
});
