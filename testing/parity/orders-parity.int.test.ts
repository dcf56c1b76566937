import { createHash } from "node:crypto";
import { logIn, logOut, startOrdersExtraction, type OrdersExtraction } from "../orders";
import { rawRequest } from "../proxy";
import { ordersParityCases, type OrdersParityFixture } from "./orders.cases";
import { runParity, normaliseAnswer, type ParityResult } from "./parity-runner";

describe("orders parity: monolith, proxy with the flag off, proxy with the flag on, the orders service", () => {
  let stack: OrdersExtraction;
  let fixture: OrdersParityFixture;
  let off: ParityResult[];
  let on: ParityResult[];

  beforeAll(async () => {
    stack = await startOrdersExtraction({ seed: { categories: 2, products: 20, customers: 3, orders: 40 } });
    const db = stack.shop.dataSource;
    const [a, b] = (await db.query(`SELECT "customer_id" AS "id", MAX("id") AS "orderId" FROM "orders" GROUP BY "customer_id" ORDER BY COUNT(*) DESC, "customer_id" LIMIT 2`)) as Array<{ id: number; orderId: number }>;
    const expired = "a-token-the-shop-expired";
    const past = new Date(Date.now() - 1000).toISOString();
    await db.query(`INSERT INTO "sessions" ("token_hash", "customer_id", "created_at", "expires_at") VALUES (?, ?, ?, ?)`, [createHash("sha256").update(expired).digest("hex"), a.id, past, past]);
    const loggedOut = await logIn(stack.shop.url, a.id);
    await logOut(stack.shop.url, loggedOut);
    fixture = {
      self: { id: a.id, cookie: await logIn(stack.shop.url, a.id), orderId: a.orderId },
      other: { id: b.id, cookie: await logIn(stack.shop.url, b.id), orderId: b.orderId },
      expiredCookie: `shop_session=${expired}`,
      loggedOutCookie: loggedOut,
    };
    await stack.waitForCatchUp();
    const cases = ordersParityCases(fixture);
    const direct = { name: "monolith", url: stack.shop.url };
    off = await runParity(cases, [direct, { name: "proxy (monolith stage)", url: stack.proxy.url }]);
    await stack.setOrdersStage("service", { path: "/orders", cookie: fixture.self.cookie });
    on = await runParity(cases, [direct, { name: "proxy (service stage)", url: stack.proxy.url }, { name: "orders", url: stack.orders.url }]);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it("sends every case (the table is not empty)", () => {
    expect(off.length).toBeGreaterThan(20);
  });

  it("answers every case the same from every target", () => {
    const mismatches = [...off, ...on].filter((result) => result.mismatch).map((result) => `${result.case.name}: ${result.mismatch} ${JSON.stringify(result.answers)}`);
    expect(mismatches).toEqual([]);
  });

  it("serves the flag-on answers from the orders service, for both read routes", async () => {
    for (const path of ["/orders", `/orders/${fixture.self.orderId}`, `/customers/${fixture.self.id}/orders`]) {
      const answer = await rawRequest(stack.proxy.url, { path, headers: { cookie: fixture.self.cookie } });
      expect(answer.headers["x-served-by"]).toBe("orders");
    }
  });

  it("reads an order placed at the monolith through the service once sync applied it", async () => {
    const admin = { authorization: `Bearer ${stack.shop.adminToken}`, "content-type": "application/json" };
    await rawRequest(stack.shop.url, { method: "PATCH", path: "/products/3", headers: admin, body: JSON.stringify({ active: true }) });
    await rawRequest(stack.shop.url, { method: "PUT", path: "/inventory/3", headers: admin, body: JSON.stringify({ quantity: 50 }) });
    const placed = await rawRequest(stack.shop.url, { method: "POST", path: "/orders", headers: { cookie: fixture.self.cookie, "content-type": "application/json" }, body: JSON.stringify({ lines: [{ productId: 3, quantity: 2 }] }) });
    expect(placed.status).toBe(201);
    await stack.waitForCatchUp();
    const path = `/orders/${placed.json<{ id: number }>().id}`;
    const [direct, proxied] = await Promise.all([rawRequest(stack.shop.url, { path, headers: { cookie: fixture.self.cookie } }), rawRequest(stack.proxy.url, { path, headers: { cookie: fixture.self.cookie } })]);
    expect(proxied.headers["x-served-by"]).toBe("orders");
    expect(normaliseAnswer(proxied)).toEqual(normaliseAnswer(direct));
  });
});
