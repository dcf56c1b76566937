import { runStep } from "./tutorial-kit";

// Step 1: the legacy shop on its own, before anything is put in front of it.
runStep("Step 1: the monolith alone", async (t) => {
  const { monolithUrl } = t.config;
  t.say(`The legacy shop answers on ${monolithUrl}; nothing is in front of it yet.\n`);
  const health = await t.http(`${monolithUrl}/healthz`);
  t.check(health.status === 200, `GET ${monolithUrl}/healthz answers 200`, `got ${health.status}: ${health.text}`);

  const page = await t.http(`${monolithUrl}/products?pageSize=3`);
  t.check(page.status === 200, "GET /products answers 200");
  const body = page.json<{ total: number; items: Array<{ id: number; name: string; priceCents: number }> }>();
  t.say(`  ${body.total} products (X-Total-Count: ${page.headers.get("x-total-count")}); the first three:`);
  for (const item of body.items) t.say(`    #${item.id} ${item.name} ($${(item.priceCents / 100).toFixed(2)})`);
  t.check(body.total > 0, "the shop is seeded (npm start seeds it on first start)");

  const categories = await t.http(`${monolithUrl}/categories`);
  t.check(categories.status === 200 && categories.json<{ items: unknown[] }>().items.length > 0, "GET /categories lists the categories");
  t.check(page.headers.get("x-served-by") === null, "answers carry no x-served-by header: the monolith is the legacy app, unchanged");
});
