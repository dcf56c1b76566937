import { setWriteFence, liftWriteFence } from "../../cdc";
import { backfillService } from "../../service-kit";
import { rawRequest, startMonolith, tempDir, type RawResponse, type RunningMonolith, type TempDir } from "../../testing";
import { logIn, startOrders, type RunningOrders } from "../../testing/orders";
import { ordersSync } from "./sync";

/**
 * The write routes (once the service owns `orders-writes`) against the monolith's own answers, and
 * the stock they take through the shop's inventory API: a seeded shop, its products, sessions and
 * orders copied by the backfill (no broker), then the same request to both sides.
 */
let dir: TempDir;
let shop: RunningMonolith;
let orders: RunningOrders;
let cookie: string;
let products: { stocked: number; other: number; inactive: number };

const post = (base: string, path: string, body?: unknown, withCookie = true): Promise<RawResponse> =>
  rawRequest(base, {
    method: "POST",
    path,
    headers: { ...(withCookie ? { cookie } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const stockOf = async (productId: number): Promise<number> => (await shop.dataSource.query(`SELECT "quantity" FROM "stock_levels" WHERE "product_id" = ?`, [productId]))[0].quantity;
const setStock = (productId: number, quantity: number) => shop.dataSource.query(`UPDATE "stock_levels" SET "quantity" = ? WHERE "product_id" = ?`, [quantity, productId]);

/** Same status, content type and body (the shop's and the service's own order ids and times aside). */
function expectSameAnswer(legacy: RawResponse, service: RawResponse): void {
  expect([service.status, service.status === legacy.status ? "" : service.body]).toEqual([legacy.status, ""]);
  expect(service.headers["content-type"]).toBe(legacy.headers["content-type"]);
  const normal = (answer: RawResponse) => answer.body.replace(/"(id|createdAt|updatedAt)":("[^"]*"|\d+)/g, '"$1":_');
  expect(normal(service)).toBe(normal(legacy));
  expect(service.headers["x-served-by"]).toBe("orders");
}

beforeAll(async () => {
  dir = tempDir("orders-writes-");
  shop = await startMonolith({ dataDir: dir.path, seed: { categories: 1, products: 6, customers: 2, orders: 4 } });
  cookie = await logIn(shop.url, 1);
  const ids = ((await shop.dataSource.query(`SELECT "id" FROM "products" WHERE "active" = 1 ORDER BY "id"`)) as Array<{ id: number }>).map((row) => row.id);
  products = { stocked: ids[0], other: ids[1], inactive: ids[2] };
  await shop.dataSource.query(`UPDATE "products" SET "active" = 0 WHERE "id" = ?`, [products.inactive]);
  orders = await startOrders({ dataDir: dir.path, shop: { url: shop.url, adminToken: shop.adminToken, calls: { attempts: 2, retryBaseMs: 10 } } });
  await backfillService(ordersSync, shop.dataSource, orders.dataSource);
  // As after `strangler cutover orders --to service`: the service's own tables are no longer fenced.
  await liftWriteFence(orders.dataSource, ["orders", "order_lines"]);
}, 60_000);

afterAll(async () => {
  await orders?.close();
  await shop?.close();
  dir?.remove();
});

describe("orders written by the service, stock taken in the shop", () => {
  it("places an order as the shop does: 201, Location, the shop's body; the stock taken once in the shop under the order's key", async () => {
    await setStock(products.stocked, 20);
    await setStock(products.other, 20);
    const body = { lines: [{ productId: products.stocked, quantity: 2 }, { productId: products.other, quantity: 3 }] };
    const legacy = await post(shop.url, "/orders", body);
    expect(legacy.status).toBe(201);
    const service = await post(orders.url, "/orders", body);
    expectSameAnswer(legacy, service);
    const placed = service.json<{ id: number; totalCents: number }>();
    expect(service.headers.location).toBe(`/orders/${placed.id}`);
    expect(placed.id).toBeGreaterThan(legacy.json<{ id: number }>().id - 1);
    expect([await stockOf(products.stocked), await stockOf(products.other)]).toEqual([16, 14]);
    const [row] = await orders.dataSource.query(`SELECT "stock_key" FROM "orders" WHERE "legacy_id" = ?`, [placed.id]);
    expect(await shop.dataSource.query(`SELECT "state", "lines" FROM "stock_movements" WHERE "key" = ?`, [row.stock_key])).toEqual([
      { state: "applied", lines: JSON.stringify([{ productId: products.stocked, delta: -2 }, { productId: products.other, delta: -3 }]) },
    ]);
    expect((await orders.calls!.log.read(row.stock_key))?.state).toBe("done");
    // It reads back as any order.
    const read = await rawRequest(orders.url, { path: `/orders/${placed.id}`, headers: { cookie } });
    expect(read.body).toBe(service.body);
  });

  it("cancels as the shop does, giving the stock back through the shop; a second cancel is the shop's 409", async () => {
    await setStock(products.stocked, 10);
    const placed = (await post(orders.url, "/orders", { lines: [{ productId: products.stocked, quantity: 4 }] })).json<{ id: number }>();
    expect(await stockOf(products.stocked)).toBe(6);
    const cancelled = await post(orders.url, `/orders/${placed.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.json<{ status: string }>().status).toBe("cancelled");
    expect(await stockOf(products.stocked)).toBe(10);
    const legacyPlaced = (await post(shop.url, "/orders", { lines: [{ productId: products.stocked, quantity: 1 }] })).json<{ id: number }>();
    await post(shop.url, `/orders/${legacyPlaced.id}/cancel`);
    const again = await post(orders.url, `/orders/${placed.id}/cancel`);
    const legacyAgain = await post(shop.url, `/orders/${legacyPlaced.id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body).toBe(legacyAgain.body.replace(`Order ${legacyPlaced.id}`, `Order ${placed.id}`));
    expect(await stockOf(products.stocked)).toBe(10);
  });

  it.each([
    ["more than is in stock", () => ({ lines: [{ productId: products.stocked, quantity: 999 }] })],
    ["a product no longer sold", () => ({ lines: [{ productId: products.inactive, quantity: 1 }] })],
    ["an unknown product", () => ({ lines: [{ productId: 999_999, quantity: 1 }] })],
    ["a product twice", () => ({ lines: [{ productId: products.stocked, quantity: 1 }, { productId: products.stocked, quantity: 1 }] })],
    ["no lines", () => ({ lines: [] })],
  ])("refuses %s with the shop's answer, byte for byte, and takes no stock", async (_name, body) => {
    await setStock(products.stocked, 5);
    const movements = (await shop.dataSource.query(`SELECT COUNT(*) AS "n" FROM "stock_movements" WHERE "state" = 'applied'`))[0].n;
    const legacy = await post(shop.url, "/orders", body());
    const service = await post(orders.url, "/orders", body());
    expect(service.status).toBe(legacy.status);
    expect(service.body).toBe(legacy.body);
    expect(await stockOf(products.stocked)).toBe(5);
    expect((await shop.dataSource.query(`SELECT COUNT(*) AS "n" FROM "stock_movements" WHERE "state" = 'applied'`))[0].n).toBe(movements);
  });

  it("asks for a session first, as the shop does", async () => {
    const legacy = await post(shop.url, "/orders", { lines: [] }, false);
    const service = await post(orders.url, "/orders", { lines: [] }, false);
    expect(service.status).toBe(401);
    expect(service.body).toBe(legacy.body);
  });

  it("refuses with the fence's 503 while the monolith owns the writes, before any stock moves", async () => {
    await setStock(products.stocked, 5);
    await setWriteFence(orders.dataSource, ["orders", "order_lines"], "test: the monolith owns orders-writes");
    try {
      const answer = await post(orders.url, "/orders", { lines: [{ productId: products.stocked, quantity: 1 }] });
      expect(answer.status).toBe(503);
      expect(answer.json<{ error: { code: string } }>().error.code).toBe("SHOP_ERR_WRITE_FENCED");
      expect(await stockOf(products.stocked)).toBe(5);
    } finally {
      await liftWriteFence(orders.dataSource, ["orders", "order_lines"]);
    }
  });

  it("answers 503 when the shop's inventory does not answer, and nothing is ordered", async () => {
    const unreachable = await startOrders({ dataDir: dir.path, shop: { url: "http://127.0.0.1:9", adminToken: shop.adminToken, calls: { attempts: 2, retryBaseMs: 10 } } });
    try {
      const count = (await orders.dataSource.query(`SELECT COUNT(*) AS "n" FROM "orders"`))[0].n;
      const answer = await post(unreachable.url, "/orders", { lines: [{ productId: products.stocked, quantity: 1 }] });
      expect(answer.status).toBe(503);
      expect(answer.json<{ error: { code: string } }>().error.code).toBe("ORDERS_ERR_INVENTORY_UNAVAILABLE");
      expect((await orders.dataSource.query(`SELECT COUNT(*) AS "n" FROM "orders"`))[0].n).toBe(count);
    } finally {
      await unreachable.close();
    }
  });
});
