import { catalogWritesOwner, errorCode, summary } from "./catalog-writes";
import { runStep } from "./tutorial-kit";

// Step 4: live sync (triggers → relay → JetStream → consumer) and a row-by-row verify.
runStep("Step 4: sync and verify", async (t) => {
  const { monolithUrl, catalogUrl, shopAdminToken } = t.config;
  await t.strangler(["sync", "status"]);

  const description = `Edited in tutorial step 4 at ${new Date().toISOString()}`;
  t.say(`\nA write in the monolith: PATCH /products/1 {"description": "${description}"}`);
  const patch = await t.http(`${monolithUrl}/products/1`, { method: "PATCH", headers: { authorization: `Bearer ${shopAdminToken}` }, body: { description } });
  t.check(patch.status === 200, "the monolith took the write", `${patch.status}: ${patch.text}`);
  const started = Date.now();
  await t.waitFor("the catalog service shows the change", async () => (await t.http(`${catalogUrl}/products/1`)).json<{ description: string }>().description === description);
  t.say(`✔ the change reached the catalog service in ${Date.now() - started} ms (trigger → relay → JetStream → consumer)`);

  if ((await catalogWritesOwner(t)) === "monolith") {
    // Ownership: while the monolith owns the catalog's writes, the catalog's database refuses its own.
    t.say("\nA write sent straight to the catalog service, around the proxy, while the monolith owns the catalog's writes:");
    const stray = await t.http(`${catalogUrl}/products/1`, { method: "PATCH", headers: { authorization: `Bearer ${shopAdminToken}` }, body: { description: "sent around the proxy" } });
    t.check(stray.status === 503 && errorCode(stray) === "SHOP_ERR_WRITE_FENCED", "the catalog refused it (503 SHOP_ERR_WRITE_FENCED): its database does not own these tables", summary(stray));
  }

  await t.strangler(["sync", "status"]);
  await t.strangler(["verify", "catalog"]);
  t.say("✔ verify found no drift between the monolith and the catalog");
});
