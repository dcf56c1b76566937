import { catalogProxyConfig, setCatalogOwner, startCatalog, type RunningCatalog } from "../catalog";
import { startMonolith, type RunningMonolith } from "../monolith";
import { adminCall, rawRequest, startProxy, waitUntil, type StartedProxy } from "../proxy";
import { tempDir, type TempDir } from "../temp-dir";
import { catalogWriteCases, type CatalogWriteFixture } from "./catalog-writes.cases";
import { runWriteParity, type WriteParityResult } from "./write-parity-runner";
import { backfillService } from "../../service-kit";
import { catalogSync } from "../../extracted/catalog";

const SEED = { categories: 4, products: 30, customers: 3, orders: 6 };

// The fixture is read from the seeded shop before the table is declared to jest.
let fixture: CatalogWriteFixture = { products: SEED.products, categories: SEED.categories, orderedProductId: 0, takenSku: "", takenSlug: "" };

describe("catalog write parity: the monolith and the catalog service answer the same writes the same", () => {
  let shop: RunningMonolith;
  let catalog: RunningCatalog;
  let proxyDir: TempDir;
  let proxy: StartedProxy;
  let results: WriteParityResult[];

  beforeAll(async () => {
    shop = await startMonolith({ seed: SEED });
    catalog = await startCatalog();
    // Same starting rows on both sides, then no sync: each side takes the writes on its own.
    await backfillService(catalogSync, shop.dataSource, catalog.dataSource);
    // The catalog answers its writes as their owner (no sync here: the monolith side is only compared).
    await setCatalogOwner(catalog.dataSource, "service");
    const [ordered] = await shop.dataSource.query(`SELECT "product_id" FROM "order_lines" ORDER BY "id" LIMIT 1`);
    const [taken] = await shop.dataSource.query(`SELECT "sku" FROM "products" WHERE "id" = 2`);
    const [slug] = await shop.dataSource.query(`SELECT "slug" FROM "categories" WHERE "id" = 2`);
    fixture = { ...fixture, orderedProductId: Number(ordered.product_id), takenSku: taken.sku, takenSlug: slug.slug };
    // The shipped route table with the write group on `service`: the catalog side is reached through the proxy.
    proxyDir = tempDir("catalog-writes-proxy-");
    proxy = await startProxy({ config: catalogProxyConfig(shop.url, catalog.url), dataDir: proxyDir.path });
    // A write group moves only for the holder of its fence (as the cut-over does it): fence, flip, lift.
    const holder = "test:write-parity";
    for (const [method, path, body] of [
      ["PUT", "/groups/catalog-writes/fence", { holder, reason: "write parity" }],
      ["PUT", "/groups/catalog-writes/stage", { stage: "service", fenceHolder: holder, reason: "write parity" }],
      ["DELETE", "/groups/catalog-writes/fence", { holder }],
    ] as const) {
      const answer = await adminCall(proxy, method, path, body);
      if (answer.status !== 200) throw new Error(`${method} ${path} refused: ${answer.status} ${answer.body}`);
    }
    await waitUntil(async () => (await rawRequest(proxy.url, { method: "DELETE", path: "/categories/1" })).headers["x-served-by"] === "catalog", 5000, 10);
    results = await runWriteParity(catalogWriteCases(fixture), [
      { name: "monolith", url: shop.url, adminToken: shop.adminToken },
      { name: "catalog (through the proxy, catalog-writes on service)", url: proxy.url, adminToken: catalog.adminToken },
    ]);
  });

  afterAll(async () => {
    await proxy?.close();
    proxyDir?.remove();
    await catalog?.close();
    await shop?.close();
  });

  it.each(catalogWriteCases(fixture).map((testCase, index) => [testCase.name, index] as const))("%s: same answer from both", (_name, index) => {
    const [monolith, service] = Object.values(results[index].answers);
    expect(service).toEqual(monolith);
  });

  it("took the writes in the catalog's database (the proxy routed them to the service)", async () => {
    const [created] = await catalog.dataSource.query(`SELECT "name" FROM "categories" WHERE "slug" = 'parity-again'`);
    expect(created).toEqual({ name: "Parity again" });
  });

  it("answered with the statuses the contract names (the table is not vacuous)", () => {
    const statuses = results.map((result) => result.answers.monolith.status);
    expect(statuses.slice(0, 3)).toEqual([401, 403, 401]);
    expect(new Set(statuses)).toEqual(new Set([200, 201, 204, 400, 401, 403, 404, 409]));
    expect(results[10].answers.monolith.headers.location).toBe(`/products/${SEED.products + 1}`);
    expect(results[23].answers.monolith.body).toMatchObject({ id: SEED.products + 2 });
  });
});
