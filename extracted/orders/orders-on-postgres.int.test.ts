import "reflect-metadata";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { DataSource } from "typeorm";
import { readWriteFence, startRelay, type RunningRelay } from "../../cdc";
import { createLogger } from "../../platform";
import { LegacyCalls, monolithRelayProgressFile, startServiceSync, syncEndpointsOf, verifyService, type RunningServiceSync } from "../../service-kit";
import { httpOnFreePort, rawRequest, tempDir, tempPostgresDatabase, testNatsServer, waitUntil } from "../../testing";
import type { RawResponse, RunningHttp, RunningMonolith, TempDir, TempPostgresDatabase, TestNatsServer } from "../../testing";
import { SHOP_DATABASES, startMonolithOn } from "../../testing/monolith";
import { logIn, logOut, ORDERS_SOURCE_TABLES } from "../../testing/orders";
import { changePosition } from "../../testing/services";
import { createOrdersApp } from "./app";
import { openWritePath } from "./cli/write-path";
import { readOrdersConfig, type OrdersConfig } from "./config";
import { createOrdersDataSource, openOrdersDatabase } from "./data-source";
import { ordersSync } from "./sync";
import { shopStock } from "./writes/shop-stock";

const ROOT = join(__dirname, "..", "..");

/** One of the service's commands as `strangler sync backfill|verify orders` runs it: a process of its own, told only the environment. */
function command(entry: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", join(ROOT, entry)], { cwd: ROOT, env: { PATH: process.env.PATH, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/**
 * The orders service's own database on PostgreSQL (ORDERS_DATABASE_URL), composed as its main.ts
 * composes it, beside a monolith on its SQLite file or on PostgreSQL (MONOLITH_DATABASE_URL, a
 * database of its own) and a real nats-server: the backfill command
 * fills it, the session bridge and the order reads answer byte for byte as the shop, sync follows
 * the monolith; while the monolith owns `orders-writes` the database refuses local writes, and once
 * the service owns them it places and cancels orders (ids from its own counter, one per order even
 * when placed side by side) that the reverse sync carries into the monolith.
 */
describe.each(SHOP_DATABASES)("the orders service on a PostgreSQL database, the monolith on %s", (monolithKind) => {
  let dir: TempDir;
  let nats: TestNatsServer;
  let shop: RunningMonolith;
  let relay: RunningRelay;
  let database: TempPostgresDatabase;
  let env: Record<string, string>;
  let config: OrdersConfig;
  let db: DataSource;
  let sync: RunningServiceSync;
  let calls: LegacyCalls;
  let http: RunningHttp;
  let cookie: string;

  const admin = () => ({ authorization: `Bearer ${shop.adminToken}`, "content-type": "application/json" });
  const get = (base: string, path: string, withCookie = cookie) => rawRequest(base, { path, headers: { cookie: withCookie } });
  const post = (base: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    rawRequest(base, { method: "POST", path, headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  /** Same status, content type and body from both sides. */
  const expectSame = (legacy: RawResponse, service: RawResponse) => {
    expect([service.status, service.headers["content-type"], service.body]).toEqual([legacy.status, legacy.headers["content-type"], legacy.body]);
  };
  /** The forward consumer has applied every sessions/orders/order_lines change the monolith logged so far (positions, never a sleep). */
  const caughtUp = async () => {
    const position = await changePosition(shop.dataSource, ORDERS_SOURCE_TABLES);
    await waitUntil(async () => (await relay.relay.status()).lastAckedPosition >= position && (await sync.pair!.forward.consumer.status()).lastAppliedPosition >= position, 30_000, 20);
  };

  beforeAll(async () => {
    dir = tempDir("orders-on-postgres-");
    nats = await testNatsServer();
    shop = await startMonolithOn(monolithKind, { dataDir: dir.path, seed: { categories: 2, products: 8, customers: 3, orders: 12 } });
    for (let product = 1; product <= 8; product++) {
      await rawRequest(shop.url, { method: "PATCH", path: `/products/${product}`, headers: admin(), body: JSON.stringify({ active: true }) });
      await rawRequest(shop.url, { method: "PUT", path: `/inventory/${product}`, headers: admin(), body: JSON.stringify({ quantity: 1000 }) });
    }
    // A PostgreSQL monolith's relay keeps its progress in the data folder, where the service and the commands look.
    relay = await startRelay({ db: shop.dataSource, url: nats.url, progressFile: monolithRelayProgressFile(shop.database, dir.path) });
    database = await tempPostgresDatabase("strangler_orders");
    env = { STRANGLER_DATA_DIR: dir.path, ORDERS_DATABASE_URL: database.url, ...(monolithKind === "postgres" ? { MONOLITH_DATABASE_URL: shop.database } : {}) };
    config = readOrdersConfig({ ...env, NATS_URL: nats.url, MONOLITH_PORT: new URL(shop.url).port, SHOP_ADMIN_TOKEN: shop.adminToken });

    // `strangler sync backfill orders`: the command honours ORDERS_DATABASE_URL (creates the schema, copies, exit 0).
    const backfill = await command("extracted/orders/cli/backfill-main.ts", env);
    expect([backfill.code, backfill.stderr]).toEqual([0, ""]);
    expect(backfill.stdout).toMatch(/backfill orders: \d+\/\d+ rows/);

    // What main.ts does with the same config.
    const logger = createLogger({ service: "orders", silent: true });
    db = createOrdersDataSource(config.database);
    await openOrdersDatabase(db);
    sync = await startServiceSync(ordersSync, {
      db,
      database: config.database,
      monolithDatabase: config.monolithDatabase,
      dataDir: config.dataDir,
      natsUrl: config.natsUrl,
      proxyAdmin: null,
      logger,
    });
    const stock = shopStock(config.shopInventory);
    calls = new LegacyCalls(db, [stock.kind], { logger });
    await calls.start();
    http = await httpOnFreePort(
      createOrdersApp({
        dataSource: db,
        logger,
        ...syncEndpointsOf(sync),
        writes: { calls, stock },
      }),
    );
    cookie = await logIn(shop.url, 1);
    await caughtUp();
  });

  afterAll(async () => {
    await http?.close();
    await calls?.stop();
    await sync?.stop();
    if (db?.isInitialized) await db.destroy();
    await database?.drop();
    await relay?.stop();
    await shop?.close();
    await nats?.close();
    dir?.remove();
  });

  it("reads its config: the database is the URL, and nothing named orders.sqlite is created", () => {
    expect(config.database).toBe(database.url);
    expect(db.options.type).toBe("postgres");
    expect(existsSync(join(dir.path, "orders.sqlite"))).toBe(false);
  });

  it("answers the order reads through the session bridge byte for byte as the shop, and refuses a logged-out cookie alike", async () => {
    const [first] = (await shop.dataSource.query(`SELECT "id" FROM "orders" WHERE "customer_id" = 1 ORDER BY "id" LIMIT 1`)) as Array<{ id: number }>;
    for (const path of ["/orders", "/orders?page=2&pageSize=2", `/orders/${first.id}`, "/customers/1/orders"]) expectSame(await get(shop.url, path), await get(http.url, path));

    const other = await logIn(shop.url, 2);
    await caughtUp();
    expect((await get(http.url, "/orders", other)).status).toBe(200);
    await logOut(shop.url, other);
    await caughtUp();
    const [legacy, service] = [await get(shop.url, "/orders", other), await get(http.url, "/orders", other)];
    expect(service.status).toBe(401);
    expectSame(legacy, service);
  });

  it("follows the monolith's orders and cancels by sync, and verify finds no drift", async () => {
    const placed = await post(shop.url, "/orders", { lines: [{ productId: 2, quantity: 2 }, { productId: 3, quantity: 1 }] });
    expect(placed.status).toBe(201);
    const { id } = placed.json<{ id: number }>();
    expect((await post(shop.url, `/orders/${id}/cancel`)).status).toBe(200);
    await caughtUp();
    expectSame(await get(shop.url, `/orders/${id}`), await get(http.url, `/orders/${id}`));
    expectSame(await get(shop.url, "/orders"), await get(http.url, "/orders"));
    expect((await verifyService(ordersSync, shop.dataSource, db)).drift).toEqual([]);
  });

  it("refuses a write while the monolith owns orders-writes: the shop's 503, nothing logged, no stock taken", async () => {
    const refused = await post(http.url, "/orders", { lines: [{ productId: 4, quantity: 1 }] });
    expect(refused.status).toBe(503);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe("SHOP_ERR_WRITE_FENCED");
    expect(await db.query(`SELECT CAST(COUNT(*) AS INTEGER) AS n FROM strangler.changes`)).toEqual([{ n: 0 }]);
    expect((await readWriteFence(db)).map((fence) => fence.table).sort()).toEqual(["order_lines", "orders"]);
  });

  it("once it owns orders-writes, places and cancels orders on PostgreSQL, and the reverse sync carries them into the monolith", async () => {
    // What a cut-over's commit leaves in the service's record; the running keeper settles both databases' fences by it.
    await db.query(`UPDATE "_strangler_ownership" SET "owner" = 'service', "epoch" = "epoch" + 1, "changed_at" = $1 WHERE "write_group" = 'orders-writes'`, [new Date().toISOString()]);
    await waitUntil(async () => (await readWriteFence(db)).length === 0 && (await readWriteFence(shop.dataSource)).some((fence) => fence.table === "orders"), 30_000, 20);
    const [{ highest }] = (await shop.dataSource.query(`SELECT MAX("id") AS "highest" FROM "orders"`)) as Array<{ highest: number }>;

    // Side by side on the pool: each order gets its own monolith id (the id counter's row serialises them).
    const placed = await Promise.all(
      Array.from({ length: 6 }, (_, n) => post(http.url, "/orders", { lines: [{ productId: 1 + (n % 8), quantity: 1 }] }, { "x-request-id": `req-pg-${n}` })),
    );
    expect(placed.map((answer) => answer.status)).toEqual(Array(6).fill(201));
    const ids = placed.map((answer) => answer.json<{ id: number }>().id).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: 6 }, (_, n) => highest + 1 + n));
    const cancelled = await post(http.url, `/orders/${ids[0]}/cancel`, undefined, { "x-request-id": "req-pg-cancel" });
    expect([cancelled.status, cancelled.json<{ status: string }>().status]).toEqual([200, "cancelled"]);
    expect((await post(http.url, `/orders/${ids[0]}/cancel`)).status).toBe(409);

    const logged = (await db.query(`SELECT table_name, op, origin, request_id FROM strangler.changes WHERE table_name = 'orders' ORDER BY position`)) as Array<{ op: string; origin: string; request_id: string }>;
    expect(logged.map((change) => change.request_id).sort()).toEqual([...Array.from({ length: 6 }, (_, n) => `req-pg-${n}`), "req-pg-cancel"].sort());
    expect(new Set(logged.map((change) => change.origin))).toEqual(new Set(["orders"]));

    // The reverse sync (the service's relay, its progress in the data folder; the consumer into monolith.sqlite).
    await waitUntil(async () => (await get(shop.url, `/orders/${ids[0]}`)).body.includes('"status":"cancelled"') && (await get(shop.url, `/orders/${ids[5]}`)).status === 200, 30_000, 20);
    for (const id of ids) expectSame(await get(shop.url, `/orders/${id}`), await get(http.url, `/orders/${id}`));
    expect(existsSync(join(dir.path, "orders.strangler.sqlite"))).toBe(true);
  });

  it("its commands honour ORDERS_DATABASE_URL: the write path of `strangler cutover orders` and `strangler verify orders`", async () => {
    const path = await openWritePath(env);
    try {
      expect(path.sides.service.db.options.type).toBe("postgres");
      expect(await path.sides.service.publishedThrough!()).toBeGreaterThan(0);
    } finally {
      await path.close();
    }
    const verified = await command("extracted/orders/cli/verify-main.ts", env);
    expect([verified.code, verified.stderr]).toEqual([0, ""]);
    expect(verified.stdout).toMatch(/0 drifted key\(s\); owner: the service/);
  });
});
