import { summary } from "./catalog-writes";
import { orderAnsweredBy, ordersWritesOwner, placeOrder } from "./orders-writes";
import { logIn, untilBridged } from "./shop-sessions";
import { runStep } from "./tutorial-kit";

// Step 16: the orders' writes go back to the monolith with one command.
runStep("Step 16: move the orders' writes back to the monolith", async (t) => {
  const session = await logIn(t, "customer3@example.com");
  await untilBridged(t, session);
  await t.strangler(["cutover", "orders", "--to", "monolith", "--reason", "tutorial step 16: practising a rollback"]);
  const owner = await ordersWritesOwner(t);
  t.check(owner === "monolith", "the orders' write route is on the monolith again", `it is at: ${owner}`);

  const productId = (await t.http(`${t.config.monolithUrl}/products?pageSize=1&active=true`)).json<{ items: Array<{ id: number }> }>().items[0].id;
  const placed = await placeOrder(t, session.cookie, [{ productId, quantity: 1 }]);
  t.check(placed.status === 201 && orderAnsweredBy(placed) === "monolith", "POST /orders through the proxy: 201, answered by the monolith (no x-served-by header)", summary(placed));
  const order = placed.json<{ id: number }>();
  await t.waitFor("the orders service shows the monolith's order (forward sync)", async () => (await t.http(`${t.config.ordersUrl}/orders/${order.id}`, { headers: { cookie: session.cookie } })).status === 200);
  await t.strangler(["verify", "orders"]);
  t.say("✔ verify found no drift: both databases agree after the move and back");
});
