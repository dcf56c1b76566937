import { CATALOG_READ_ROUTES, countServedBy, setReads } from "./read-routes";
import { runStep } from "./tutorial-kit";

// Step 8: one command sends everything back to the monolith; then forward again.
runStep("Step 8: roll back, and forward again", async (t) => {
  for (const route of CATALOG_READ_ROUTES) await t.strangler(["route", "rollback", route, "--reason", "tutorial: practising a rollback"]);
  const started = Date.now();
  await t.waitFor("the proxy sends catalog reads to the monolith again", async () => (await countServedBy(t, "catalog", "/products/1", 1)).monolith === 1);
  t.say(`  routing followed the rollback in ${Date.now() - started} ms (no restart).`);
  const back = await countServedBy(t, "catalog", "/categories/1", 20);
  t.check(back.monolith === 20, "20 of 20 requests answered by the monolith after the rollback");

  t.say("\nForward again (the gate still passes: the shadow samples and the sync lag are good):");
  await setReads(t, "catalog", "service");
  await t.waitFor("the proxy sends catalog reads to the service again", async () => (await countServedBy(t, "catalog", "/products/1", 1)).catalog === 1);
  const forward = await countServedBy(t, "catalog", "/categories/1", 20);
  t.check(forward.catalog === 20, "20 of 20 requests answered by the catalog service again");
  await t.strangler(["status"]);
});
