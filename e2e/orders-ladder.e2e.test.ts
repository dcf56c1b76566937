import { adminCall, rawRequest, waitUntil } from "../testing";
import { normaliseAnswer } from "../testing/parity";
import { logOut, startOrdersExtraction, type OrdersExtraction } from "../testing/orders";

const READ_ROUTES = ["orders-read", "orders-customer-read"] as const;

interface Report {
  samples: number;
  matchRate: number | null;
  counters: { mismatched: number; errored: number };
}

/**
 * The orders reads walk the ladder through the proxy's admin API, on a real nats-server: shadow
 * (the monolith answers, the service's answers are compared), a sticky canary, the service, and
 * back to the monolith with one rollback per route. Every answer a client gets equals the monolith's.
 */
describe("orders reads: shadow → canary → service → rollback", () => {
  let stack: OrdersExtraction;
  let cookie: string;
  let customerId: number;
  let paths: string[];

  const moveAll = async (stage: "shadow" | "canary" | "service", percent?: number) => {
    for (const route of READ_ROUTES) {
      const answer = await adminCall(stack.proxy, "PUT", `/routes/${route}/stage`, { stage, ...(percent === undefined ? {} : { percent }), reason: "orders ladder e2e" });
      expect(answer.status).toBe(200);
    }
  };
  const servedBy = async (path: string, user?: string) =>
    (await rawRequest(stack.proxy.url, { path, headers: { cookie, ...(user ? { "x-user-id": user } : {}) } })).headers["x-served-by"] === "orders" ? "orders" : "monolith";
  const sameAsMonolith = async (path: string, user?: string) => {
    const [direct, proxied] = await Promise.all([rawRequest(stack.shop.url, { path, headers: { cookie } }), rawRequest(stack.proxy.url, { path, headers: { cookie, ...(user ? { "x-user-id": user } : {}) } })]);
    expect(normaliseAnswer(proxied)).toEqual(normaliseAnswer(direct));
    return proxied.headers["x-served-by"] === "orders" ? "orders" : "monolith";
  };

  beforeAll(async () => {
    stack = await startOrdersExtraction({ seed: { categories: 3, products: 40, customers: 3, orders: 120 }, shadowFlushMs: 20 });
    const [top] = (await stack.shop.dataSource.query(`SELECT "customer_id" AS "id", MAX("id") AS "orderId" FROM "orders" GROUP BY "customer_id" ORDER BY COUNT(*) DESC LIMIT 1`)) as Array<{ id: number; orderId: number }>;
    customerId = top.id;
    cookie = await stack.logIn(top.id);
    paths = ["/orders", "/orders?page=2&pageSize=5", `/orders/${top.orderId}`, "/orders/999999", `/customers/${top.id}/orders?pageSize=3`, `/customers/${top.id + 1}/orders`];
  });

  afterAll(async () => {
    await stack?.close();
  });

  it("shadow: the monolith answers, the service's copies all match", async () => {
    await moveAll("shadow");
    const report = async (route: string) => (await adminCall(stack.proxy, "GET", `/routes/${route}/shadow-report`)).json<Report>();
    await waitUntil(
      async () => {
        for (const path of paths) expect(await sameAsMonolith(path)).toBe("monolith");
        const reports = await Promise.all(READ_ROUTES.map(report));
        return reports.every((shadow) => shadow.samples >= 10);
      },
      30_000,
      50,
    );
    for (const route of READ_ROUTES) expect(await report(route)).toMatchObject({ matchRate: 1, counters: { mismatched: 0, errored: 0 } });
  });

  it("canary 50%: some users on the service, sticky, every answer the monolith's", async () => {
    await moveAll("canary", 50);
    const users = Array.from({ length: 40 }, (_, i) => `user-${i}`);
    const sides = new Map<string, string>();
    await waitUntil(async () => {
      for (const user of users) sides.set(user, await servedBy("/orders", user));
      const onService = [...sides.values()].filter((side) => side === "orders").length;
      return onService > 5 && onService < 35;
    }, 15_000, 50);
    for (const user of users) expect(await sameAsMonolith(paths[0], user)).toBe(sides.get(user));
    for (const path of paths) await sameAsMonolith(path, users[0]);
  });

  it("service: every orders read from the service, equal to the monolith's; a logout is honoured", async () => {
    await moveAll("service");
    await waitUntil(async () => (await servedBy("/orders")) === "orders" && (await servedBy(`/customers/${customerId}/orders`)) === "orders", 10_000, 20);
    for (const path of paths) expect(await sameAsMonolith(path)).toBe("orders");
    const other = await stack.logIn(customerId);
    expect((await rawRequest(stack.proxy.url, { path: "/orders", headers: { cookie: other } })).status).toBe(200);
    await logOut(stack.shop.url, other);
    await waitUntil(async () => (await rawRequest(stack.proxy.url, { path: "/orders", headers: { cookie: other } })).status === 401, 5000, 5);
  });

  it("rollback: one call per route and the monolith answers again", async () => {
    for (const route of READ_ROUTES) expect((await adminCall(stack.proxy, "POST", `/routes/${route}/rollback`, { reason: "orders ladder e2e" })).status).toBe(200);
    await waitUntil(async () => (await servedBy("/orders")) === "monolith" && (await servedBy(`/customers/${customerId}/orders`)) === "monolith", 10_000, 20);
    for (const path of paths) expect(await sameAsMonolith(path)).toBe("monolith");
    const routes = (await adminCall(stack.proxy, "GET", "/routes")).json<{ routes: Array<{ id: string; stage: string }> }>();
    expect(routes.routes.filter((route) => route.id.startsWith("orders-")).map((route) => [route.id, route.stage])).toEqual([
      ["orders-read", "monolith"],
      ["orders-customer-read", "monolith"],
      ["orders-write", "monolith"],
    ]);
  });
});
