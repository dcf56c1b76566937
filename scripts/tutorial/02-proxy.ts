import { CATALOG_PARITY_CASES, runParity, type ParityCase } from "../../testing";
import { catalogWritesOwner } from "./catalog-writes";
import { rollBackReads, servedBy } from "./read-routes";
import { runStep } from "./tutorial-kit";

// Shop pages that are not catalog reads: they must pass through the proxy unchanged too.
const OTHER_CASES: readonly ParityCase[] = [
  { name: "the server-rendered product page", method: "GET", path: "/shop/products/1" },
  { name: "the CSV export", method: "GET", path: "/export/products.csv" },
  { name: "the legacy /catalog redirect", method: "GET", path: "/catalog?page=2" },
  { name: "a stock level", method: "GET", path: "/inventory/1" },
  { name: "a customer-only page without a session", method: "GET", path: "/orders" },
  { name: "an unknown path", method: "GET", path: "/no-such-page" },
];

// Step 2: the proxy in front, every route on the monolith: clients must not see any difference.
runStep("Step 2: the proxy in front, nothing changed", async (t) => {
  const { monolithUrl, proxyUrl } = t.config;
  await rollBackReads(t, "catalog", "a later step ran before");
  await rollBackReads(t, "orders", "part 2 ran before");
  if ((await catalogWritesOwner(t)) !== "monolith") {
    t.say("The catalog's writes are on the service (step 9 ran before): moving them back to the monolith.");
    await t.strangler(["cutover", "catalog", "--to", "monolith", "--reason", "tutorial step 2"]);
  }
  await t.strangler(["status"]);

  t.say(`\nSending the same ${CATALOG_PARITY_CASES.length + OTHER_CASES.length} requests to the monolith (${monolithUrl}) and through the proxy (${proxyUrl})…`);
  const results = await runParity([...CATALOG_PARITY_CASES, ...OTHER_CASES], [
    { name: "monolith", url: monolithUrl },
    { name: "proxy", url: proxyUrl },
  ]);
  const differing = results.filter((result) => result.mismatch);
  for (const result of differing) t.say(`  differs: ${result.case.method} ${result.case.path} (${result.case.name})`);
  t.check(differing.length === 0, `all ${results.length} answers through the proxy equal the monolith's (status, headers that matter, body)`);
  t.check((await servedBy(t, "catalog", "/products/1")) === "monolith", "catalog reads through the proxy are answered by the monolith");
});
