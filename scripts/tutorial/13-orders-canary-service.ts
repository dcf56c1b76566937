import { runParity } from "../../testing";
import { compareOrders, ordersCases, ordersFixture } from "./orders-reads";
import { countServedBy, servedBy, setReads } from "./read-routes";
import { logIn, logOut, untilBridged, type ShopSession } from "./shop-sessions";
import { runStep, type Tutorial } from "./tutorial-kit";

/** Customers customer1 … customer40 (seeded), one browser session each. */
const CUSTOMERS = Array.from({ length: 40 }, (_, i) => `customer${i + 1}@example.com`);

/** Which sessions the proxy sends to the orders service: a browser sends no x-user-id, so the shop_session cookie is the sticky key. */
async function onService(t: Tutorial, sessions: readonly ShopSession[]): Promise<Set<string>> {
  const on = new Set<string>();
  for (const session of sessions) if ((await servedBy(t, "orders", "/orders", { cookie: session.cookie })) === "orders") on.add(session.email);
  return on;
}

const same = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((email) => b.has(email));

// Step 13: a sticky canary of the orders reads (50 % of the sessions), then all of them on the orders service.
runStep("Step 13: orders canary 50 % (sticky per session), then all traffic to the orders service", async (t) => {
  const { monolithUrl, proxyUrl } = t.config;
  t.say(`${CUSTOMERS.length} customers log in (through the proxy, at the monolith), as ${CUSTOMERS.length} browsers would…`);
  const sessions: ShopSession[] = [];
  for (const email of CUSTOMERS) sessions.push(await logIn(t, email));
  for (const session of sessions) await untilBridged(t, session);
  t.say(`✔ ${sessions.length} sessions, each one taken by the orders service too (the session bridge)`);

  t.say("\nThe sticky key: the proxy hashes the x-user-id header, else the shop_session cookie (`stickiness` in");
  t.say("strangler.config.json). Browsers send no x-user-id, so for the orders reads the key is the session: a customer");
  t.say("stays on one side for as long as the session lasts; after a new login (a new cookie) the side may change,");
  t.say("which nobody notices since both sides answer the same.");
  await setReads(t, "orders", "canary", 50);
  let previous = new Set<string>();
  let current = new Set<string>();
  await t.waitFor("the proxy routes the orders reads by the new percentage (two equal measurements)", async () => {
    previous = current;
    current = await onService(t, sessions);
    return current.size > 0 && current.size < sessions.length && same(previous, current);
  }, 30_000);
  const share = `${current.size} of ${sessions.length} sessions (${Math.round((current.size / sessions.length) * 100)}%)`;
  t.say(`\nAt 50%: ${share} are answered by the orders service (x-served-by: orders).`);
  t.check(current.size >= sessions.length * 0.2 && current.size <= sessions.length * 0.8, "about half of the sessions are on the service");
  t.check(same(current, await onService(t, sessions)), "each session lands on the same side on every request (sticky)");

  const perSession = await runParity(
    sessions.map((session) => ({ name: session.email, method: "GET" as const, path: "/orders", headers: { cookie: session.cookie } })),
    [{ name: "monolith", url: monolithUrl }, { name: "proxy", url: proxyUrl }],
  );
  const differing = perSession.filter((result) => result.mismatch);
  t.check(differing.length === 0, `each customer's GET /orders through the proxy (either side) equals the monolith's`, `differs for: ${differing.map((r) => r.case.name).join(", ")}`);
  await t.strangler(["status"]);

  t.say("\nAll traffic to the orders service:");
  await setReads(t, "orders", "service");
  const [self, other] = sessions;
  const fixture = await ordersFixture(t, [self, other]);
  await t.waitFor("the proxy sends the orders reads to the service", async () => (await servedBy(t, "orders", "/orders", { cookie: self.cookie })) === "orders");
  const orders = await countServedBy(t, "orders", "/orders", 20, { cookie: self.cookie });
  t.check(orders.orders === 20, "20 of 20 GET /orders answered by the orders service (x-served-by: orders)");
  const customer = await countServedBy(t, "orders", `/customers/${self.customerId}/orders`, 20, { cookie: self.cookie });
  t.check(customer.orders === 20, `20 of 20 GET /customers/${self.customerId}/orders answered by the orders service`);
  t.say("\nThe legacy contract, compared request by request: the monolith directly vs the proxy (now the orders service)…");
  await compareOrders(t, ordersCases(fixture), { name: "monolith", url: monolithUrl }, { name: "proxy", url: proxyUrl });

  t.say(`\nA logout through the proxy (it stays on the monolith), then GET /orders with the old cookie:`);
  await logOut(t, self);
  const started = Date.now();
  await t.waitFor("the proxy answers 401 for the logged-out session", async () => (await t.http(`${proxyUrl}/orders`, { headers: { cookie: self.cookie } })).status === 401, 5000);
  t.say(`✔ 401 (a session is required) from the orders service ${Date.now() - started} ms later (the logout reached it by sync)`);
  for (const session of sessions.slice(1)) await logOut(t, session);
  await t.strangler(["status"]);
});
