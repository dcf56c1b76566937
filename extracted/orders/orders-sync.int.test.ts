import { backfillService, verifyService } from "../../service-kit";
import { rawRequest } from "../../testing";
import { logIn, startOrdersExtraction, type OrdersExtraction } from "../../testing/orders";
import { ordersSync } from "./sync";

/**
 * Monolith → orders with a real nats-server: the backfill copies while the monolith takes orders,
 * cancels and logins (the consumer joins after the first chunk), sync catches up, verify finds no
 * drift, every order arrives with all its lines; then live sync alone does the same.
 */
describe("orders sync", () => {
  let stack: OrdersExtraction;
  const cookies: string[] = [];
  const placed: number[] = [];
  const counts = { placed: 0, cancelled: 0, logins: 0, duringBackfill: 0 };

  beforeAll(async () => {
    stack = await startOrdersExtraction({ seed: { categories: 2, products: 20, customers: 4, orders: 1500 }, sync: false });
    const admin = { authorization: `Bearer ${stack.shop.adminToken}`, "content-type": "application/json" };
    for (let product = 1; product <= 20; product++) {
      await rawRequest(stack.shop.url, { method: "PATCH", path: `/products/${product}`, headers: admin, body: JSON.stringify({ active: true }) });
      await rawRequest(stack.shop.url, { method: "PUT", path: `/inventory/${product}`, headers: admin, body: JSON.stringify({ quantity: 100_000 }) });
    }
    for (let n = 1; n <= 4; n++) cookies.push(await logIn(stack.shop.url, n));
  });

  afterAll(async () => {
    await stack?.close();
  });

  /** One round of shop traffic: an order of 1–3 lines, every third round a cancel, every fifth a login. */
  async function shopRound(round: number): Promise<void> {
    const cookie = cookies[round % cookies.length];
    const lines = Array.from({ length: 1 + (round % 3) }, (_, i) => ({ productId: 1 + ((round + i * 7) % 20), quantity: 1 + (i % 2) }));
    const answer = await rawRequest(stack.shop.url, { method: "POST", path: "/orders", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify({ lines }) });
    if (answer.status !== 201) throw new Error(`order refused: ${answer.status} ${answer.body}`);
    placed.push(answer.json<{ id: number }>().id);
    counts.placed += 1;
    if (round % 3 === 0) {
      const cancelled = await rawRequest(stack.shop.url, { method: "POST", path: `/orders/${placed[placed.length - 1]}/cancel`, headers: { cookie } });
      if (cancelled.status === 200) counts.cancelled += 1;
    }
    if (round % 5 === 0) {
      cookies[round % cookies.length] = await logIn(stack.shop.url, 1 + (round % cookies.length));
      counts.logins += 1;
    }
  }

  /** Every monolith order has, in the service, all its lines, and each customer's list reads the same on both sides. */
  async function expectEveryOrderWhole(): Promise<void> {
    const perOrder = (db: typeof stack.shop.dataSource, sql: string) => db.query(sql) as Promise<Array<{ id: number; lines: number }>>;
    const legacy = await perOrder(stack.shop.dataSource, `SELECT "order_id" AS "id", COUNT(*) AS "lines" FROM "order_lines" GROUP BY "order_id" ORDER BY "order_id"`);
    const service = await perOrder(stack.orders.dataSource, `SELECT "order_legacy_id" AS "id", COUNT(*) AS "lines" FROM "order_lines" GROUP BY "order_legacy_id" ORDER BY "order_legacy_id"`);
    expect(service).toEqual(legacy);
    for (const cookie of cookies) {
      for (const path of ["/orders?pageSize=100", "/orders?page=3&pageSize=100"]) {
        const [direct, served] = await Promise.all([rawRequest(stack.shop.url, { path, headers: { cookie } }), rawRequest(stack.orders.url, { path, headers: { cookie } })]);
        expect(served.status).toBe(200);
        expect(served.headers["x-total-count"]).toBe(direct.headers["x-total-count"]);
        expect(served.body).toBe(direct.body);
      }
    }
  }

  it("backfills while the monolith takes orders, then sync catches up with zero drift and whole orders", async () => {
    let consumer: Promise<unknown> | null = null;
    let finished = false;
    const backfill = backfillService(ordersSync, stack.shop.dataSource, stack.orders.dataSource, {
      chunkSize: 50,
      onProgress: () => {
        consumer ??= stack.orders.startSync(stack.nats.url);
      },
    }).finally(() => (finished = true));
    const traffic = (async () => {
      for (let round = 0; !finished || round < 20; round++) {
        await shopRound(round);
        if (!finished) counts.duringBackfill += 1;
      }
    })();
    await Promise.all([backfill, traffic]);
    await consumer;
    expect(counts.duringBackfill).toBeGreaterThanOrEqual(3);

    await stack.waitForCatchUp();
    const report = await verifyService(ordersSync, stack.shop.dataSource, stack.orders.dataSource);
    expect(report.drift).toEqual([]);
    const [orderCount] = await stack.shop.dataSource.query(`SELECT COUNT(*) AS "n" FROM "orders"`);
    expect(report.compared.orders).toBe(Number(orderCount.n));
    expect(report.compared.orders).toBe(1500 + counts.placed);
    expect(report.compared.sessions).toBeGreaterThanOrEqual(4);
    await expectEveryOrderWhole();
  }, 120_000);

  it("keeps following the monolith live: new orders, cancels and logins arrive, verify stays clean", async () => {
    const before = counts.placed;
    for (let round = 1000; round < 1040; round++) await shopRound(round);
    expect(counts.placed - before).toBe(40);
    await stack.waitForCatchUp();
    const report = await verifyService(ordersSync, stack.shop.dataSource, stack.orders.dataSource);
    expect(report.drift).toEqual([]);
    await expectEveryOrderWhole();
    const status = (await rawRequest(stack.orders.url, { path: "/internal/sync/status" })).json<{ streams: Array<{ stream: string; parked: number }> }>();
    expect(status.streams).toEqual([expect.objectContaining({ stream: "CDC_MONOLITH", parked: 0 })]);
  }, 120_000);
});
