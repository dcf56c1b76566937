import "reflect-metadata";
import { randomUUID } from "node:crypto";
import { DataSource, type EntityManager } from "typeorm";
import { installLegacyCallsV1 } from "../../cdc";
import { sqliteOptions } from "../../platform";
import { startMonolith, tempDir, type RunningMonolith, type TempDir } from "../../testing";
import { callLegacy } from "./call-legacy";
import { LegacyCalls, LegacyRefusal, LegacyUnavailable, type LegacyCallKind } from "./legacy-calls";

/**
 * LegacyCalls against the real shop's stock movements: a "service" database with an orders table
 * of its own, and the shop's stock taken by key. Proves: both or neither, under a refusal, a failed
 * service write, a shop that does not answer, and a process that dies between the two steps.
 */
describe("legacy calls: a service write and the shop's stock, both or neither", () => {
  let dir: TempDir;
  let shop: RunningMonolith;
  let shopUrl: string;
  let db: DataSource;
  let productId: number;

  const stockOf = async (): Promise<number> => (await shop.dataSource.query(`SELECT "quantity" FROM "stock_levels" WHERE "product_id" = ?`, [productId]))[0].quantity;
  const movementOf = async (key: string): Promise<string | undefined> => (await shop.dataSource.query(`SELECT "state" FROM "stock_movements" WHERE "key" = ?`, [key]))[0]?.state;
  const ordersIn = async (): Promise<number> => (await db.query(`SELECT COUNT(*) AS n FROM "test_orders"`))[0].n;

  const takeStock: LegacyCallKind<{ quantity: number }> = {
    kind: "take-stock",
    compensate: async (key) => {
      await callLegacy({ method: "POST", url: `${shopUrl}/inventory/movements/${key}/revert`, token: shop.adminToken, timeoutMs: 2000 });
    },
  };

  const order = (calls: LegacyCalls, quantity: number, commit: (tx: EntityManager, key: string) => Promise<void> = (tx, key) => tx.query(`INSERT INTO "test_orders" ("key", "quantity") VALUES (?, ?)`, [key, quantity])) => {
    const key = randomUUID();
    return {
      key,
      run: () =>
        calls.run("take-stock", {
          key,
          payload: { quantity },
          call: () => callLegacy({ method: "POST", url: `${shopUrl}/inventory/movements`, token: shop.adminToken, body: { key, lines: [{ productId, delta: -quantity }] }, timeoutMs: 2000 }),
          commit: (tx) => commit(tx, key),
        }),
    };
  };

  beforeAll(async () => {
    dir = tempDir("legacy-calls-");
    shop = await startMonolith({ dataDir: dir.file("shop"), seed: { categories: 1, products: 1, customers: 0, orders: 0 } });
    shopUrl = shop.url;
    productId = (await shop.dataSource.query(`SELECT "id" FROM "products" LIMIT 1`))[0].id;
    await shop.dataSource.query(`UPDATE "stock_levels" SET "quantity" = 100 WHERE "product_id" = ?`, [productId]);
    db = new DataSource({ ...sqliteOptions(dir.file("service.sqlite")), entities: [], migrations: [] });
    await db.initialize();
    const runner = db.createQueryRunner();
    await installLegacyCallsV1(runner);
    await runner.release();
    await db.query(`CREATE TABLE "test_orders" ("key" TEXT PRIMARY KEY, "quantity" INTEGER NOT NULL)`);
  }, 60_000);

  afterAll(async () => {
    await db?.destroy();
    await shop?.close();
    dir?.remove();
  });

  it("takes the stock and writes the order, the call logged done", async () => {
    const calls = new LegacyCalls(db, [takeStock]);
    const before = await stockOf();
    const placed = order(calls, 3);
    await placed.run();
    expect(await stockOf()).toBe(before - 3);
    expect(await movementOf(placed.key)).toBe("applied");
    expect((await calls.log.read(placed.key))?.state).toBe("done");
  });

  it("makes neither when the shop says no: refused, nothing to undo", async () => {
    const calls = new LegacyCalls(db, [takeStock]);
    const [before, orders] = [await stockOf(), await ordersIn()];
    const placed = order(calls, 1_000);
    await expect(placed.run()).rejects.toMatchObject({ name: "LegacyRefusal", status: 409, code: "SHOP_ERR_INSUFFICIENT_STOCK" });
    expect(await stockOf()).toBe(before);
    expect(await ordersIn()).toBe(orders);
    expect((await calls.log.read(placed.key))?.state).toBe("refused");
  });

  it("puts the stock back when the service's own write fails after the call", async () => {
    const calls = new LegacyCalls(db, [takeStock]);
    const [before, orders] = [await stockOf(), await ordersIn()];
    const placed = order(calls, 2, async () => {
      throw new Error("the service's database refused the write");
    });
    await expect(placed.run()).rejects.toThrow("refused the write");
    expect(await stockOf()).toBe(before);
    expect(await ordersIn()).toBe(orders);
    expect(await movementOf(placed.key)).toBe("reverted");
    expect((await calls.log.read(placed.key))?.state).toBe("compensated");
  });

  it("leaves a call the shop never answered started, and settles it once the shop is back; the late original then takes nothing", async () => {
    const calls = new LegacyCalls(db, [takeStock], { attempts: 2, retryBaseMs: 10 });
    const [before, orders] = [await stockOf(), await ordersIn()];
    const url = shopUrl;
    shopUrl = "http://127.0.0.1:9"; // discard port: refused at once
    const placed = order(calls, 4);
    await expect(placed.run()).rejects.toBeInstanceOf(LegacyUnavailable);
    const row = await calls.log.read(placed.key);
    expect(row).toMatchObject({ state: "started", lastError: expect.stringContaining("ECONNREFUSED") });
    shopUrl = url;
    // This process's own started call is recovered once it is older than maxCallMs; a new life of the service at once.
    const restarted = new LegacyCalls(db, [takeStock]);
    expect(await restarted.recover()).toBeGreaterThanOrEqual(1);
    expect((await calls.log.read(placed.key))?.state).toBe("compensated");
    expect(await movementOf(placed.key)).toBe("reverted");
    const late = await callLegacy({ method: "POST", url: `${shopUrl}/inventory/movements`, token: shop.adminToken, body: { key: placed.key, lines: [{ productId, delta: -4 }] } }).catch((err: unknown) => err);
    expect(late).toBeInstanceOf(LegacyRefusal);
    expect(await stockOf()).toBe(before);
    expect(await ordersIn()).toBe(orders);
  });

  it("undoes the stock of a service that died between the call and its write, when it starts again", async () => {
    const before = await stockOf();
    const died = new LegacyCalls(db, [takeStock]);
    const key = randomUUID();
    // The first life: logged, stock taken, then killed before its own write.
    await died.log.start(key, "take-stock", { quantity: 5 });
    await callLegacy({ method: "POST", url: `${shopUrl}/inventory/movements`, token: shop.adminToken, body: { key, lines: [{ productId, delta: -5 }] } });
    expect(await stockOf()).toBe(before - 5);
    const nextLife = new LegacyCalls(db, [takeStock], { recoverEveryMs: 50 });
    await nextLife.start();
    await nextLife.stop();
    expect(await stockOf()).toBe(before);
    expect((await nextLife.log.read(key))?.state).toBe("compensated");
    expect(await nextLife.log.counts()).toMatchObject({ started: 0 });
  });
});
