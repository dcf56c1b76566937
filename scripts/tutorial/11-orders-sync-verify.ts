import { compareOrders, ordersCases, ordersFixture } from "./orders-reads";
import { logOut, untilBridged } from "./shop-sessions";
import { runStep } from "./tutorial-kit";

interface SyncStatusJson {
  streams: Array<{ service: string; stream: string; running: boolean; backlog: number | null; parked: number | null }>;
}

// Step 11 (part 2): the orders service beside the catalog, its data synced and verified, its answers the monolith's.
runStep("Step 11 (part 2: orders): the orders service, sync and verify", async (t) => {
  const { monolithUrl, ordersUrl } = t.config;
  t.say("Part 2 moves the orders reads (GET /orders, /orders/:id, /customers/:id/orders) as part 1 moved the");
  t.say(`catalog's. \`npm start\` runs the orders service on ${ordersUrl} beside the catalog; its backfill ran at start.\n`);
  const health = await t.http(`${ordersUrl}/healthz`);
  t.check(health.status === 200, `GET ${ordersUrl}/healthz answers 200`, `got ${health.status}: ${health.text}`);

  const status = await t.strangler(["sync", "status"]);
  const json = JSON.parse((await t.strangler(["sync", "status", "--json"], { quiet: true })).stdout) as SyncStatusJson;
  const stream = json.streams.find((s) => s.service === "orders" && s.stream === "CDC_MONOLITH");
  t.check(stream?.running === true && stream.parked === 0, "orders CDC_MONOLITH: running, nothing parked (monolith → orders.sqlite: orders, order_lines and sessions)", status.stdout);

  await t.strangler(["verify", "orders"]);
  t.say("✔ verify found no drift between the monolith's orders and the orders service's");

  t.say("\nTwo seeded customers log in (through the proxy; logins stay on the monolith):");
  const fixture = await ordersFixture(t);
  const first = await t.http(`${ordersUrl}/orders`, { headers: { cookie: fixture.self.cookie } });
  t.check(first.headers.get("x-served-by") === "orders", "the orders service marks its answers (x-served-by: orders)");
  t.say(`\nThe same ${ordersCases(fixture).length} reads, with and without a session, to the monolith (${monolithUrl}) and the orders service (${ordersUrl}) directly…`);
  await compareOrders(t, ordersCases(fixture), { name: "monolith", url: monolithUrl }, { name: "orders service", url: ordersUrl });

  t.say("\nThe session bridge: the orders service checks the shop_session cookie against its own replica of the");
  t.say("shop's sessions, brought by the same sync, so it never calls the monolith; a login or a logout reaches it");
  t.say("within the sync lag (docs/orders.md, \"The session bridge\"). A logout, at the monolith:");
  await logOut(t, fixture.self);
  const ms = await untilBridged(t, fixture.self, false);
  t.say(`✔ the orders service refuses ${fixture.self.email}'s logged-out session ${ms} ms later (401: a session is required)`);
  await logOut(t, fixture.other);
});
