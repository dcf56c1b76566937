import { join } from "node:path";
import { DataSource } from "typeorm";
import { liftWriteFence } from "../../cdc";
import { SeededRandom, sqliteOptions } from "../../platform";
import { backfillService } from "../../service-kit";
import { freePort, rawRequest, startMonolith, tempDir, waitUntil, type RunningMonolith, type TempDir } from "../../testing";
import { runProcess, waitHttpOk, type ProcessRun } from "../../testing/faults";
import { logIn } from "../../testing/orders";
import { createOrdersDataSource, openOrdersDatabase } from "./data-source";
import { ordersSync } from "./sync";

/**
 * No order without its stock, no stock taken without an order, whenever the orders service dies:
 * the real service process (`extracted/orders/main.ts`) owning `orders-writes`, the real shop taking
 * stock through its inventory API, and kill -9 — once exactly between the stock call and the
 * order's write (the failpoint freezes the process there), then at random moments under a load of
 * multi-line orders and cancels. After each kill the service starts again and its recovery settles
 * what the dead one left; at the end the shop's stock must equal what the service's orders took.
 */
const SEED = 20261205;
const INITIAL_STOCK = 10_000;

let dir: TempDir;
let shop: RunningMonolith;
let cookie: string;
let productIds: number[];
let port: number;
let service: ProcessRun | null = null;

function startService(env: Record<string, string> = {}): ProcessRun {
  service = runProcess({
    name: "orders",
    args: ["--import", "tsx", "extracted/orders/main.ts"],
    env: { PATH: process.env.PATH, STRANGLER_DATA_DIR: dir.path, ORDERS_PORT: String(port), MONOLITH_PORT: new URL(shop.url).port, SHOP_ADMIN_TOKEN: shop.adminToken, LOG_LEVEL: "info", ...env },
    logDir: dir.path,
  });
  return service;
}

async function started(env: Record<string, string> = {}): Promise<ProcessRun> {
  const run = startService(env);
  await waitHttpOk(`http://127.0.0.1:${port}/healthz`, run);
  return run;
}

/** What the service's database holds, read with a connection of the test's own. */
async function inOrders<T>(read: (db: DataSource) => Promise<T>): Promise<T> {
  const db = new DataSource({ ...sqliteOptions(join(dir.path, "orders.sqlite")) });
  await db.initialize();
  try {
    return await read(db);
  } finally {
    await db.destroy();
  }
}

const startedCalls = () => inOrders(async (db) => Number((await db.query(`SELECT COUNT(*) AS "n" FROM "_strangler_legacy_calls" WHERE "state" = 'started'`))[0].n));
const stockOf = async (): Promise<Record<number, number>> =>
  Object.fromEntries(((await shop.dataSource.query(`SELECT "product_id", "quantity" FROM "stock_levels"`)) as Array<{ product_id: number; quantity: number }>).filter((row) => productIds.includes(row.product_id)).map((row) => [row.product_id, row.quantity]));

const placeOrder = (lines: Array<{ productId: number; quantity: number }>) =>
  rawRequest(`http://127.0.0.1:${port}`, { method: "POST", path: "/orders", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify({ lines }) });

beforeAll(async () => {
  dir = tempDir("orders-stock-kill-");
  shop = await startMonolith({ dataDir: dir.path, seed: { categories: 1, products: 8, customers: 1, orders: 0 } });
  cookie = await logIn(shop.url, 1);
  productIds = ((await shop.dataSource.query(`SELECT "id" FROM "products" WHERE "active" = 1 ORDER BY "id" LIMIT 4`)) as Array<{ id: number }>).map((row) => row.id);
  for (const id of productIds) await shop.dataSource.query(`UPDATE "stock_levels" SET "quantity" = ? WHERE "product_id" = ?`, [INITIAL_STOCK, id]);
  // The service's database, filled and owning the orders' writes (as after `strangler cutover orders`).
  const db = createOrdersDataSource(join(dir.path, "orders.sqlite"));
  await openOrdersDatabase(db);
  await backfillService(ordersSync, shop.dataSource, db);
  await db.query(`UPDATE "_strangler_ownership" SET "owner" = 'service', "epoch" = "epoch" + 1 WHERE "write_group" = ?`, [ordersSync.writeGroup]);
  await liftWriteFence(db, ["orders", "order_lines"]);
  await db.destroy();
  port = await freePort();
}, 120_000);

afterAll(async () => {
  await service?.kill9();
  await shop?.close();
  dir?.remove();
});

describe("the orders service killed with -9 between the shop's stock and its own write", () => {
  it("undoes the stock of an order its previous life took stock for but never wrote", async () => {
    const frozen = startService({ STRANGLER_FAILPOINT_LEGACY_CALL_FREEZE: "on" });
    await waitHttpOk(`http://127.0.0.1:${port}/healthz`, frozen);
    const before = await stockOf();
    const answer = placeOrder([{ productId: productIds[0], quantity: 3 }, { productId: productIds[1], quantity: 2 }]).catch((err: unknown) => err);
    await frozen.waitForLine((line) => line.includes("failpoint: frozen after legacy call"), 60_000);
    // Exactly there: the shop took the stock, the order is not written.
    expect((await stockOf())[productIds[0]]).toBe(before[productIds[0]] - 3);
    await frozen.kill9();
    // The client never got an answer (its connection died with the process).
    expect(await answer).toHaveProperty("message");
    expect(await inOrders(async (db) => (await db.query(`SELECT COUNT(*) AS "n" FROM "orders" WHERE "stock_key" IS NOT NULL`))[0].n)).toBe(0);
    expect(await startedCalls()).toBe(1);

    await started();
    await waitUntil(async () => (await startedCalls()) === 0, 60_000, 100);
    expect(await stockOf()).toEqual(before);
    expect(await shop.dataSource.query(`SELECT "state" FROM "stock_movements"`)).toEqual([{ state: "reverted" }]);
    await service!.stop();
  }, 180_000);

  it("keeps the shop's stock equal to the orders it holds through random kills under load", async () => {
    const random = new SeededRandom(SEED);
    await started();
    let loading = true;
    const outcomes = { placed: 0, cancelled: 0, failed: 0 };
    const client = async (): Promise<void> => {
      const mine: number[] = [];
      while (loading) {
        try {
          if (mine.length > 0 && random.chance(0.25)) {
            const id = mine.splice(random.int(0, mine.length - 1), 1)[0];
            const answer = await rawRequest(`http://127.0.0.1:${port}`, { method: "POST", path: `/orders/${id}/cancel`, headers: { cookie } });
            if (answer.status === 200) outcomes.cancelled += 1;
            else outcomes.failed += 1;
          } else {
            const count = random.int(1, 3);
            const lines = productIds.slice(0, count).map((productId) => ({ productId, quantity: random.int(1, 3) }));
            const answer = await placeOrder(lines);
            if (answer.status === 201) {
              outcomes.placed += 1;
              mine.push(answer.json<{ id: number }>().id);
            } else outcomes.failed += 1;
          }
        } catch {
          outcomes.failed += 1;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    };
    const clients = [client(), client(), client()];
    for (let kill = 0; kill < 5; kill++) {
      await new Promise((resolve) => setTimeout(resolve, random.int(300, 1500)));
      await service!.kill9();
      await started();
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    loading = false;
    await Promise.all(clients);
    await waitUntil(async () => (await startedCalls()) === 0, 60_000, 100);
    await service!.stop();

    expect(outcomes.placed).toBeGreaterThan(10);
    const orders = await inOrders((db) => db.query(`SELECT "o"."legacy_id", "o"."status", "o"."stock_key", "l"."product_legacy_id", "l"."quantity" FROM "orders" "o" JOIN "order_lines" "l" ON "l"."order_legacy_id" = "o"."legacy_id" WHERE "o"."stock_key" IS NOT NULL`)) as Array<{ legacy_id: number; status: string; stock_key: string; product_legacy_id: number; quantity: number }>;
    // The shop's stock is exactly what the service's placed orders took.
    const expected = Object.fromEntries(productIds.map((id) => [id, INITIAL_STOCK]));
    for (const line of orders) if (line.status === "placed") expected[line.product_legacy_id] -= line.quantity;
    expect(await stockOf()).toEqual(expected);
    // Every stock take still applied belongs to an order, and every order's take is applied: no stock without an order, no order without its stock.
    const orderKeys = new Set(orders.map((line) => line.stock_key));
    const takes = (await shop.dataSource.query(`SELECT "key", "state", "lines" FROM "stock_movements"`)) as Array<{ key: string; state: string; lines: string }>;
    const applied = takes.filter((take) => take.state === "applied" && (JSON.parse(take.lines) as Array<{ delta: number }>)[0].delta < 0).map((take) => take.key);
    expect(applied.filter((key) => !orderKeys.has(key))).toEqual([]);
    expect([...orderKeys].filter((key) => !applied.includes(key))).toEqual([]);
  }, 300_000);
});
