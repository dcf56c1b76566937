/**
 * Reverse sync (catalog → monolith) on real nats-server and SQLite, both directions running:
 * 1. one catalog `POST /products` at a time: from sending it to the product answering 200 from the
 *    monolith (HTTP write, capture, relay, broker, consumer, the monolith's read);
 * 2. a burst of sequential catalog `PATCH`es: how long after the last answer the monolith has it,
 *    and how many product changes the monolith logged from the catalog (exactly one per write).
 *
 *   npx tsx testing/catalog/measure-reverse-sync.ts [--creates 50] [--patches 1000]
 */
import "reflect-metadata";
import { parseArgs } from "node:util";
import { startRelay } from "../../cdc";
import { startMonolith } from "../monolith";
import { testNatsServer } from "../nats";
import { rawRequest, waitUntil } from "../proxy";
import { startCatalog } from "./start-catalog";
import { backfillService, openMonolithTarget, startForwardSync, startReverseSync } from "../../service-kit";
import { catalogSync } from "../../extracted/catalog";

const { values } = parseArgs({ options: { creates: { type: "string", default: "50" }, patches: { type: "string", default: "1000" } } });
const creates = Number(values.creates);
const patches = Number(values.patches);
const PRODUCTS = 200;

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function main(): Promise<void> {
  const nats = await testNatsServer();
  const shop = await startMonolith({ seed: { categories: 5, products: PRODUCTS, customers: 2, orders: 5 } });
  const catalog = await startCatalog();
  const relay = await startRelay({ db: shop.dataSource, url: nats.url });
  await backfillService(catalogSync, shop.dataSource, catalog.dataSource);
  const forward = await startForwardSync(catalogSync, { db: catalog.dataSource, natsUrl: nats.url });
  const target = await openMonolithTarget(catalogSync, shop.dataSource.options.database as string);
  const reverse = await startReverseSync(catalogSync, { db: catalog.dataSource, monolith: target, natsUrl: nats.url });
  const headers = { authorization: `Bearer ${catalog.adminToken}`, "content-type": "application/json" };
  try {
    const latencies: number[] = [];
    for (let i = 0; i < creates; i++) {
      const started = performance.now();
      const created = await rawRequest(catalog.url, { method: "POST", path: "/products", headers, body: JSON.stringify({ sku: `MEASURE-${i}`, name: "Measured", priceCents: 1, categoryId: 1 }) });
      const id = JSON.parse(created.body).id as number;
      await waitUntil(async () => (await rawRequest(shop.url, { path: `/products/${id}` })).status === 200, 10_000, 1);
      latencies.push(performance.now() - started);
    }
    latencies.sort((a, b) => a - b);

    const started = performance.now();
    for (let i = 0; i < patches; i++) {
      await rawRequest(catalog.url, { method: "PATCH", path: `/products/${(i % PRODUCTS) + 1}`, headers, body: JSON.stringify({ priceCents: 10_000 + i }) });
    }
    const written = performance.now() - started;
    const last = patches - 1;
    await waitUntil(async () => JSON.parse((await rawRequest(shop.url, { path: `/products/${(last % PRODUCTS) + 1}` })).body).priceCents === 10_000 + last, 60_000, 5);
    const crossed = performance.now() - started;
    const [logged] = await shop.dataSource.query(`SELECT COUNT(*) AS "count" FROM "_strangler_changes" WHERE "origin" = 'catalog' AND "table_name" = 'products'`);

    const ms = (value: number) => `${value.toFixed(1)} ms`;
    console.table({
      [`catalog create → readable in the monolith (${creates} sequential)`]: { p50: ms(quantile(latencies, 0.5)), p90: ms(quantile(latencies, 0.9)), max: ms(latencies[latencies.length - 1]) },
    });
    console.table({
      [`${patches} sequential catalog PATCHes`]: {
        written: ms(written),
        "writes/s": Math.round((patches / written) * 1000),
        "last in the monolith after the last answer": ms(crossed - written),
        "product changes logged in the monolith from the catalog": `${logged.count} (expected ${creates + patches})`,
      },
    });
  } finally {
    await reverse.stop();
    await forward.stop();
    await relay.stop();
    await target.destroy();
    await catalog.close();
    await shop.close();
    await nats.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
