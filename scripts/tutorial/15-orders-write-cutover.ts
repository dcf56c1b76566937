import { errorCode, summary } from "./catalog-writes";
import { orderAnsweredBy, ordersWritesOwner, placeOrder, stockOf } from "./orders-writes";
import { logIn, untilBridged } from "./shop-sessions";
import { runStep } from "./tutorial-kit";

// Step 15: the orders' writes move to the service; the stock stays in the monolith.
runStep("Step 15: move the orders' writes to the service (stock stays in the monolith)", async (t) => {
  const { proxyUrl, monolithUrl, shopAdminToken } = t.config;
  const session = await logIn(t, "customer3@example.com");
  await untilBridged(t, session);

  // A product on sale, with stock: the monolith keeps the inventory; the orders service takes from it through its API.
  const productId = (await t.http(`${monolithUrl}/products?pageSize=1&active=true`)).json<{ items: Array<{ id: number }> }>().items[0].id;
  await t.http(`${monolithUrl}/inventory/${productId}`, { method: "PUT", headers: { authorization: `Bearer ${shopAdminToken}` }, body: { quantity: 50 } });

  await t.strangler(["cutover", "orders", "--to", "service", "--reason", "tutorial step 15"]);
  const owner = await ordersWritesOwner(t);
  t.check(owner === "service", "the orders' write route (orders-write) is at stage service", `it is at: ${owner}`);

  t.say(`\nAn order through the proxy: POST /orders {lines: [{productId: ${productId}, quantity: 3}]}`);
  const before = await stockOf(t, productId);
  const placed = await placeOrder(t, session.cookie, [{ productId, quantity: 3 }]);
  t.check(placed.status === 201 && orderAnsweredBy(placed) === "orders", "201 Created, answered by the orders service (x-served-by: orders)", summary(placed));
  const order = placed.json<{ id: number; totalCents: number }>();
  const after = await stockOf(t, productId);
  t.check(after === before - 3, `the monolith's stock of product ${productId} went ${before} → ${after}: taken once, through its inventory API (POST /inventory/movements, by idempotency key)`, `stock is ${after}`);

  const started = Date.now();
  await t.waitFor("the monolith shows the order (reverse sync: orders → CDC_ORDERS → monolith)", async () => (await t.http(`${monolithUrl}/orders/${order.id}`, { headers: { cookie: session.cookie } })).status === 200);
  t.say(`✔ order #${order.id} reached the monolith's database in ${Date.now() - started} ms, with its lines in the same transaction`);

  t.say("\nCancelled through the proxy: the stock goes back the same way.");
  const cancelled = await t.http(`${proxyUrl}/orders/${order.id}/cancel`, { method: "POST", headers: { cookie: session.cookie } });
  t.check(cancelled.status === 200 && orderAnsweredBy(cancelled) === "orders", "200, answered by the orders service, status cancelled", summary(cancelled));
  t.check((await stockOf(t, productId)) === before, `the stock of product ${productId} is back to ${before}`, `it is ${await stockOf(t, productId)}`);

  t.say("\nA writer behind the proxy's back cannot split the orders: POST /orders straight to the monolith.");
  const direct = await t.http(`${monolithUrl}/orders`, { method: "POST", headers: { cookie: session.cookie }, body: { lines: [{ productId, quantity: 1 }] } });
  t.check(direct.status === 503 && errorCode(direct) === "SHOP_ERR_WRITE_FENCED", "the monolith refuses it: 503 SHOP_ERR_WRITE_FENCED (its orders tables are fenced; no stock taken)", summary(direct));
  await t.strangler(["verify", "orders"]);
});
