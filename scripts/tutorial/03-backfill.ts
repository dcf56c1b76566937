import { runStep } from "./tutorial-kit";

// Step 3: the catalog service's own database, filled from the monolith's.
runStep("Step 3: create the service database and backfill", async (t) => {
  const { monolithUrl, catalogUrl } = t.config;
  t.say("The backfill copies categories and products into catalog.sqlite in chunks, through the same");
  t.say("mapping the live sync uses. It resumes where it stopped and does nothing once complete.");
  await t.strangler(["sync", "backfill", "catalog"]);

  for (const path of ["/products?pageSize=1", "/categories"]) {
    const [monolith, catalog] = await Promise.all([t.http(`${monolithUrl}${path}`), t.http(`${catalogUrl}${path}`)]);
    const count = (answer: typeof monolith) => {
      const body = answer.json<{ total?: number; items: unknown[] }>();
      return body.total ?? body.items.length;
    };
    t.check(catalog.status === 200 && count(catalog) === count(monolith), `GET ${path}: the catalog service (${catalogUrl}) has the monolith's ${count(monolith)} rows`);
  }
});
