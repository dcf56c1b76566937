import { runParity, type ParityCase, type ParityTarget } from "../../testing";
import { logIn, untilBridged, type ShopSession } from "./shop-sessions";
import type { Tutorial } from "./tutorial-kit";

/** Who part 2 reads as: two seeded customers, each logged in, and one order of each. */
export interface OrdersFixture {
  self: ShopSession & { orderId: number };
  other: ShopSession & { orderId: number };
}

/**
 * Logs customer1 and customer2 in (through the proxy: the login stays on the monolith) unless
 * `sessions` are given, finds an order of each on the monolith, and waits until the orders service
 * takes both sessions (the session bridge: the service has a login once sync brings its session
 * row, within the sync lag).
 */
export async function ordersFixture(t: Tutorial, sessions?: readonly [ShopSession, ShopSession]): Promise<OrdersFixture> {
  const [self, other] = sessions ?? [await logIn(t, "customer1@example.com"), await logIn(t, "customer2@example.com")];
  const firstOrder = async (session: ShopSession) => {
    const answer = await t.http(`${t.config.monolithUrl}/orders?pageSize=1`, { headers: { cookie: session.cookie } });
    const order = answer.status === 200 ? answer.json<{ items: Array<{ id: number }> }>().items[0] : undefined;
    t.check(order !== undefined, `${session.email} has orders in the monolith (GET /orders as customer #${session.customerId})`, `${answer.status}: ${answer.text.slice(0, 300)}`);
    return order!.id;
  };
  const fixture = { self: { ...self, orderId: await firstOrder(self) }, other: { ...other, orderId: await firstOrder(other) } };
  const ms = Math.max(await untilBridged(t, self), await untilBridged(t, other));
  t.say(`  logged in ${self.email} (customer #${self.customerId}) and ${other.email} (#${other.customerId}); the orders service took both sessions within ${ms} ms`);
  return fixture;
}

/**
 * The orders reads of the legacy contract a customer's browser sends (a subset of
 * testing/parity/orders.cases.ts that needs no database access): lists, paging, one order, another
 * customer's order and list, bad input, and no or an unknown session.
 */
export function ordersCases({ self, other }: OrdersFixture): ParityCase[] {
  const get = (name: string, path: string, cookie?: string): ParityCase => ({ name, method: "GET", path, ...(cookie ? { headers: { cookie } } : {}) });
  return [
    get("one's orders, newest first", "/orders", self.cookie),
    get("a page of one's orders", "/orders?page=2&pageSize=3", self.cookie),
    get("a page size above 100 (400)", "/orders?pageSize=101", self.cookie),
    get("one's order with its lines", `/orders/${self.orderId}`, self.cookie),
    get("another customer's order (404)", `/orders/${other.orderId}`, self.cookie),
    get("another customer's own order", `/orders/${other.orderId}`, other.cookie),
    get("an unknown order (404)", "/orders/2000000000", self.cookie),
    get("an order id that is not a number (400)", "/orders/abc", self.cookie),
    get("no session (401)", "/orders"),
    get("an unknown session token (401)", "/orders", "shop_session=no-such-token"),
    get("one's orders under /customers/:id/orders", `/customers/${self.customerId}/orders`, self.cookie),
    get("a page of them", `/customers/${self.customerId}/orders?page=2&pageSize=2`, self.cookie),
    get("another customer's list (403)", `/customers/${other.customerId}/orders`, self.cookie),
    get("a customer id that is not a number (400)", "/customers/abc/orders", self.cookie),
    get("the customer route without a session (401)", `/customers/${self.customerId}/orders`),
  ];
}

/**
 * Sends every case to `reference` and `target` and compares status, the headers that matter and the
 * body (testing/parity). Differences right after a write at the monolith can be the sync lag, so a
 * run with differences is repeated for up to `settleMs` before the step fails naming them.
 */
export async function compareOrders(t: Tutorial, cases: readonly ParityCase[], reference: ParityTarget, target: ParityTarget, settleMs = 5000): Promise<void> {
  const deadline = Date.now() + settleMs;
  for (;;) {
    const differing = (await runParity(cases, [reference, target])).filter((result) => result.mismatch);
    if (differing.length === 0 || Date.now() > deadline) {
      for (const result of differing) t.say(`  differs: ${result.case.path} (${result.case.name}): ${JSON.stringify(result.answers[reference.name]).slice(0, 200)} vs ${JSON.stringify(result.answers[target.name]).slice(0, 200)}`);
      t.check(differing.length === 0, `all ${cases.length} orders answers of the ${target.name} equal the ${reference.name}'s (status, headers that matter, body)`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
