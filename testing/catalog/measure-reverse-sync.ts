/**
 * Reverse sync (catalog → monolith) on real nats-server, the monolith on SQLite or PostgreSQL, both directions running:
 * 1. one catalog `POST /products` at a time: from sending it to the product answering 200 from the
 *    monolith (HTTP write, capture, relay, broker, consumer, the monolith's read);
 * 2. a burst of sequential catalog `PATCH`es: how long after the last answer the monolith has it,
 *    and how many product changes the monolith logged from the catalog (exactly one per write).
 *
 *   npx tsx testing/catalog/measure-reverse-sync.ts [--creates 50] [--patches 1000] [--dialect sqlite|postgres]
 *
 * `--dialect postgres` runs the monolith on a fresh PostgreSQL database (dropped at the end).
 */
import "reflect-metadata";
import { parseArgs } from "node:util";
import { changeLogLayoutOf, startRelay } from "../../cdc";
import { SHOP_DATABASES, startMonolithOn, type RunningMonolith, type ShopDatabaseKind } from "../monolith";
import { tempDir } from "../temp-dir";
import { testNatsServer } from "../nats";
import { rawRequest, waitUntil } from "../proxy";
import { setCatalogOwner } from "./ownership";
import { startCatalog, type RunningCatalog } from "./start-catalog";
import { backfillService, openMonolithTarget, startForwardSync, startReverseSync } from "../../service-kit";
import { monolithRelayProgressFile } from "../../service-kit/sync/monolith-databases";
import { catalogSync } from "../../extracted/catalog";

const { values } = parseArgs({ options: { creates: { type: "string", default: "50" }, patches: { type: "string", default: "1000" }, dialect: { type: "string", default: "sqlite" } } });
if (!SHOP_DATABASES.includes(values.dialect as ShopDatabaseKind)) throw new Error(`--dialect: one of ${SHOP_DATABASES.join(", ")}`);
const creates = Number(values.creates);
const patches = Number(values.patches);
const PRODUCTS = 200;

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function main(): Promise<void> {
  // Stopped in reverse order, also when the setup fails half way (a PostgreSQL database is dropped).
  const stops: Array<() => Promise<unknown>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => console.error(err));
  };
  try {
    const nats = await testNatsServer();
    stops.push(() => nats.close());
    const dir = tempDir("measure-reverse-");
    stops.push(async () => dir.remove());
    const shop = await startMonolithOn(values.dialect as ShopDatabaseKind, { dataDir: dir.path, seed: { categories: 5, products: PRODUCTS, customers: 2, orders: 5 } });
    stops.push(() => shop.close());
    const catalog = await startCatalog();
    stops.push(() => catalog.close());
    const relay = await startRelay({ db: shop.dataSource, url: nats.url, progressFile: monolithRelayProgressFile(shop.database, dir.path) });
    stops.push(() => relay.stop());
    await backfillService(catalogSync, shop.dataSource, catalog.dataSource);
    const forward = await startForwardSync(catalogSync, { db: catalog.dataSource, natsUrl: nats.url });
    stops.push(() => forward.stop());
    const target = await openMonolithTarget(catalogSync, shop.database);
    stops.push(() => target.destroy());
    // The reverse consumer applies only while the catalog owns its writes (it parks them otherwise).
    await setCatalogOwner(catalog.dataSource, "service", target, monolithRelayProgressFile(shop.database, dir.path));
    const reverse = await startReverseSync(catalogSync, { db: catalog.dataSource, monolith: target, natsUrl: nats.url });
    stops.push(() => reverse.stop());
    await measure(shop, catalog);
  } finally {
    await stopAll();
  }
}

async function measure(shop: RunningMonolith, catalog: RunningCatalog): Promise<void> {
  const headers = { authorization: `Bearer ${catalog.adminToken}`, "content-type": "application/json" };
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
  const [logged] = await shop.dataSource.query(`SELECT COUNT(*) AS "count" FROM ${changeLogLayoutOf(shop.dataSource).changes} WHERE "origin" = 'catalog' AND "table_name" = 'products'`);

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
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
