import { CATALOG_PARITY_CASES, runParity } from "../../testing";
import { countServedBy, setReads } from "./read-routes";
import { runStep } from "./tutorial-kit";

// Step 7: all catalog reads go to the service; the answers stay the legacy ones.
runStep("Step 7: all traffic to the catalog service", async (t) => {
  await setReads(t, "catalog", "service");
  await t.waitFor("the proxy sends catalog reads to the service", async () => (await countServedBy(t, "catalog", "/products/1", 1)).catalog === 1);
  const counts = await countServedBy(t, "catalog", "/categories/1", 20);
  t.check(counts.catalog === 20, `20 of 20 requests answered by the catalog service (x-served-by: catalog)`);

  t.say(`\nThe legacy contract, compared request by request: the monolith directly vs the proxy (now the catalog)…`);
  const results = await runParity(CATALOG_PARITY_CASES, [
    { name: "monolith", url: t.config.monolithUrl },
    { name: "proxy", url: t.config.proxyUrl },
  ]);
  const differing = results.filter((result) => result.mismatch);
  for (const result of differing) t.say(`  differs: ${result.case.path} (${result.case.name})`);
  t.check(differing.length === 0, `all ${results.length} catalog answers from the service equal the monolith's`);
  await t.strangler(["status"]);
});
