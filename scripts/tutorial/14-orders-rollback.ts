import { countServedBy, ORDERS_READ_ROUTES, setReads, stagesOf } from "./read-routes";
import { logIn, logOut, untilBridged } from "./shop-sessions";
import { runStep } from "./tutorial-kit";

// Step 14: one command sends both orders read routes back to the monolith; then forward again.
runStep("Step 14: roll the orders reads back, and forward again", async (t) => {
  const session = await logIn(t);
  await untilBridged(t, session);
  const paths = ["/orders", `/customers/${session.customerId}/orders`];

  t.say("Both read routes are the route group `orders`: one call of the admin API moves the group (moves back are never gated).");
  await t.admin("PUT", "/groups/orders/stage", { stage: "monolith", reason: "tutorial: practising a rollback" });
  const started = Date.now();
  await t.waitFor("the proxy sends the orders reads to the monolith again", async () => (await countServedBy(t, "orders", "/orders", 1, { cookie: session.cookie })).monolith === 1);
  t.say(`  routing followed the rollback in ${Date.now() - started} ms (no restart).`);
  for (const path of paths) {
    const back = await countServedBy(t, "orders", path, 20, { cookie: session.cookie });
    t.check(back.monolith === 20, `20 of 20 GET ${path} answered by the monolith (no x-served-by) after the rollback`);
  }
  const stages = await stagesOf(t);
  t.check(ORDERS_READ_ROUTES.every((route) => stages[route]?.stage === "monolith"), `${ORDERS_READ_ROUTES.join(" and ")} are at stage monolith`);

  t.say("\nForward again (the gate still passes: the shadow samples and the sync lag are good):");
  await setReads(t, "orders", "service");
  await t.waitFor("the proxy sends the orders reads to the service again", async () => (await countServedBy(t, "orders", "/orders", 1, { cookie: session.cookie })).orders === 1);
  for (const path of paths) {
    const forward = await countServedBy(t, "orders", path, 20, { cookie: session.cookie });
    t.check(forward.orders === 20, `20 of 20 GET ${path} answered by the orders service again`);
  }
  await logOut(t, session);
  await t.strangler(["status"]);
  t.say("\nThe orders writes (POST /orders, POST /orders/:id/cancel; route orders-write) stay on the monolith: they move next.");
});
