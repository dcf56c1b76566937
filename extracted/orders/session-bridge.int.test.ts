import { rawRequest } from "../../testing";
import { logIn, logOut, measureSessionBridge, percentiles, startOrdersExtraction, type OrdersExtraction } from "../../testing/orders";

/** The documented staleness bound (docs/orders.md): the promotion gate's maxSyncLagMs. A logout is honoured within it. */
const BOUND_MS = 5000;

/**
 * The session bridge end to end on a real nats-server: a logout at the monolith (it deletes the
 * session row) reaches the orders service by sync, which then refuses the cookie with the shop's
 * own 401 — within the bound, measured.
 */
describe("the session bridge", () => {
  let stack: OrdersExtraction;

  beforeAll(async () => {
    stack = await startOrdersExtraction({ seed: { categories: 2, products: 10, customers: 3, orders: 30 } });
  });

  afterAll(async () => {
    await stack?.close();
  });

  it("refuses the cookie once the monolith logged it out, with the monolith's answer byte for byte", async () => {
    const cookie = await stack.logIn(2);
    expect((await rawRequest(stack.orders.url, { path: "/orders", headers: { cookie } })).status).toBe(200);
    await logOut(stack.shop.url, cookie);
    await stack.waitForCatchUp();
    const [legacy, service] = await Promise.all([rawRequest(stack.shop.url, { path: "/orders", headers: { cookie } }), rawRequest(stack.orders.url, { path: "/orders", headers: { cookie } })]);
    expect(service.status).toBe(401);
    expect(service.body).toBe(legacy.body);
    expect(service.headers["content-type"]).toBe(legacy.headers["content-type"]);
  });

  it("honours every logout within the bound (login → accepted and logout → refused, measured)", async () => {
    const timings = await measureSessionBridge(stack.shop.url, stack.orders.url, { samples: 30, timeoutMs: BOUND_MS });
    const login = percentiles(timings.loginToAccepted);
    const logout = percentiles(timings.logoutToRefused);
    process.stdout.write(`session bridge, 30 samples: login → accepted p50 ${login.p50} ms p99 ${login.p99} ms; logout → refused p50 ${logout.p50} ms p99 ${logout.p99} ms (max ${logout.max} ms)\n`);
    expect(logout.max).toBeLessThan(BOUND_MS);
    expect(login.max).toBeLessThan(BOUND_MS);
  }, 120_000);

  it("keeps another session of the same customer when one logs out", async () => {
    const [first, second] = [await logIn(stack.shop.url, 3), await stack.logIn(3)];
    await logOut(stack.shop.url, first);
    await stack.waitForCatchUp();
    expect((await rawRequest(stack.orders.url, { path: "/orders", headers: { cookie: first } })).status).toBe(401);
    expect((await rawRequest(stack.orders.url, { path: "/orders", headers: { cookie: second } })).status).toBe(200);
  });
});
