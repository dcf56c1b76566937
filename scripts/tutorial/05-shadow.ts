import { CATALOG_READ_ROUTES, setReads } from "./read-routes";
import { diffReport as report, SHADOW_SAMPLES_NEEDED as NEEDED } from "./diff-report";
import { runStep } from "./tutorial-kit";

// Step 5: the monolith still answers; a copy of each catalog read goes to the service and is compared.
runStep("Step 5: shadow traffic and the diff report", async (t) => {
  await setReads(t, "catalog", "shadow");

  t.say(`\nSending catalog reads through the proxy until each route has ${NEEDED} compared samples…`);
  const paths = (i: number) => [`/products/${(i % 500) + 1}`, `/products?page=${(i % 25) + 1}&pageSize=20`, `/categories/${(i % 20) + 1}`, "/categories"];
  let sent = 0;
  const send = async (rounds: number) => {
    for (let end = sent + rounds; sent < end; sent += 1) for (const path of paths(sent)) await t.http(`${t.config.proxyUrl}${path}`);
  };
  // Each round reads both routes twice; a few more rounds cover requests sent before the flag reached the proxy.
  await send(NEEDED / 2);
  await t.waitFor(
    `every catalog read route has ${NEEDED} shadow samples`,
    async () => {
      const samples = await Promise.all(CATALOG_READ_ROUTES.map(async (route) => (await report(t, route)).report.samples));
      if (samples.every((count) => count >= NEEDED)) return true;
      await send(10);
      return false;
    },
    60_000,
  );
  t.say(`  sent ${sent * 4} requests; the clients got the monolith's answers, the service's were compared off the critical path.`);

  for (const route of CATALOG_READ_ROUTES) {
    await t.strangler(["diff", route, "--limit", "3"]);
    const { report: shadow, gate } = await report(t, route);
    t.check((shadow.matchRate ?? 0) >= 0.99, `${route}: match rate ${((shadow.matchRate ?? 0) * 100).toFixed(1)}% over ${shadow.samples} samples (gate needs 99%)`);
    t.check(gate.allowed, `${route}: the promotion gate lets it move to a canary`, gate.reasons.join("; "));
  }
});
