import { runParity } from "../../testing";
import { ordersCases, ordersFixture } from "./orders-reads";
import { ORDERS_READ_ROUTES, setReads } from "./read-routes";
import { diffReport as report, SHADOW_SAMPLES_NEEDED as NEEDED } from "./diff-report";
import { runStep } from "./tutorial-kit";

// Step 12: the monolith still answers the orders reads; a copy of each goes to the orders service and is compared.
runStep("Step 12: shadow the orders reads", async (t) => {
  await setReads(t, "orders", "shadow");

  t.say("\nLogged-in customers read their orders through the proxy. Nobody places an order meanwhile: a read right");
  t.say("after a write at the monolith can differ for the sync lag (the service has not seen the order yet).");
  const fixture = await ordersFixture(t);
  // A run again adds to the counters of earlier runs: this run's own samples are checked for 0 mismatches.
  const before = Object.fromEntries(await Promise.all(ORDERS_READ_ROUTES.map(async (route) => [route, (await report(t, route)).report] as const)));
  const cases = ordersCases(fixture);
  const proxy = [{ name: "proxy", url: t.config.proxyUrl }];
  let sent = 0;
  const send = async (rounds: number) => {
    for (let i = 0; i < rounds; i += 1) await runParity(cases, proxy);
    sent += rounds * cases.length;
  };
  // Requests sent before the flag reached the proxy are not shadowed: keep sending until this run compared enough of both routes.
  await t.waitFor(
    `every orders read route has ${NEEDED} new shadow samples`,
    async () => {
      const samples = await Promise.all(ORDERS_READ_ROUTES.map(async (route) => (await report(t, route)).report.samples));
      if (samples.every((count, i) => count - before[ORDERS_READ_ROUTES[i]].samples >= NEEDED)) return true;
      await send(5);
      return false;
    },
    90_000,
  );
  t.say(`  sent ${sent} requests (with and without a session); the clients got the monolith's answers, the service's were compared off the critical path.`);

  for (const route of ORDERS_READ_ROUTES) {
    await t.strangler(["diff", route, "--limit", "3"]);
    const { report: shadow, gate } = await report(t, route);
    const mismatched = shadow.counters.mismatched - before[route].counters.mismatched;
    const errored = shadow.counters.errored - before[route].counters.errored;
    const samples = shadow.samples - before[route].samples;
    t.check(mismatched === 0 && errored === 0, `${route}: ${mismatched} mismatched, ${errored} errored of the ${samples} samples of this run`);
    t.check((shadow.matchRate ?? 0) >= 0.99, `${route}: match rate ${((shadow.matchRate ?? 0) * 100).toFixed(1)}% over all ${shadow.samples} samples (gate needs 99%)`);
    t.check(gate.allowed, `${route}: the promotion gate lets it move to a canary`, gate.reasons.join("; "));
  }
  t.say("\nThe two sessions stay logged in (a week, as any shop session): a logout now could race the last");
  t.say("shadow copies, which the service would refuse a sync lag later and count as mismatches.");
});
