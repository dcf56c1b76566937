import { adminWrite, answeredBy, catalogWritesOwner, errorCode, summary } from "./catalog-writes";
import { runStep, type Tutorial } from "./tutorial-kit";

/** PATCHes product 2's name through the proxy and waits until `otherSide` (the side that did not answer) shows it. */
async function renameThroughProxy(t: Tutorial, expected: "monolith" | "catalog", otherSide: { name: string; url: string }): Promise<void> {
  const name = `Written through the proxy in step 10 at ${new Date().toISOString()}`;
  t.say(`\nA write through the proxy: PATCH /products/2 {"name": "${name}"}`);
  const answer = await adminWrite(t, `${t.config.proxyUrl}/products/2`, "PATCH", { name });
  const how = expected === "catalog" ? "x-served-by: catalog" : "no x-served-by header";
  t.check(answer.status === 200 && answeredBy(answer) === expected, `answered by the ${expected} (${how})`, summary(answer));
  const started = Date.now();
  await t.waitFor(`the ${otherSide.name} shows the new name`, async () => (await t.http(`${otherSide.url}/products/2`)).json<{ name: string }>().name === name);
  t.say(`✔ the ${otherSide.name} shows it ${Date.now() - started} ms later (sync ${expected === "catalog" ? "catalog → monolith" : "monolith → catalog"})`);
}

// Step 10: the writes go back to the monolith with one command, and forward to the service again.
runStep("Step 10: move the writes back, and forward again", async (t) => {
  const { monolithUrl, catalogUrl } = t.config;

  await t.strangler(["cutover", "catalog", "--to", "monolith", "--reason", "tutorial step 10: practising a rollback"]);
  const back = await catalogWritesOwner(t);
  t.check(back === "monolith", "the catalog's write routes are on the monolith again", `they are at: ${back}`);
  await renameThroughProxy(t, "monolith", { name: "catalog service", url: catalogUrl });
  const direct = await t.http(`${catalogUrl}/products/2`, { method: "PATCH", headers: { authorization: `Bearer ${t.config.shopAdminToken}` }, body: { name: "Written behind the proxy's back" } });
  t.check(direct.status === 503 && errorCode(direct) === "SHOP_ERR_WRITE_FENCED", "a PATCH straight to the catalog service is now the one refused: 503 SHOP_ERR_WRITE_FENCED", summary(direct));

  t.say("\nForward again:");
  await t.strangler(["cutover", "catalog", "--to", "service", "--reason", "tutorial step 10: forward again"]);
  const forward = await catalogWritesOwner(t);
  t.check(forward === "service", "the catalog's write routes are on the service again", `they are at: ${forward}`);
  await renameThroughProxy(t, "catalog", { name: "monolith", url: monolithUrl });

  await t.strangler(["verify", "catalog"]);
  t.say("✔ verify found no drift: both databases agree after two moves");
});
