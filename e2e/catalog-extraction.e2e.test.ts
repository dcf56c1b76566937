import { rawRequest } from "../testing";
import { normaliseAnswer } from "../testing/parity";
import { startCatalogExtraction, type CatalogExtraction } from "../testing/catalog";
import { SHOP_DATABASES } from "../testing/monolith";
import { backfillService, verifyService } from "../service-kit";
import { catalogSync } from "../extracted/catalog";

/**
 * The first strangler step end to end, with a real nats-server: backfill the catalog while the
 * monolith takes writes (the consumer joins mid-backfill), let sync catch up, verify zero drift,
 * move the catalog reads to the service through the proxy, and back. Once with the monolith on
 * SQLite, once on a fresh PostgreSQL database (created and dropped by the stack).
 */
describe.each(SHOP_DATABASES)("catalog extraction, end to end, monolith on %s", (dialect) => {
  let stack: CatalogExtraction;
  const writes = { updated: 0, created: 0, deleted: 0, duringBackfill: 0 };

  beforeAll(async () => {
    stack = await startCatalogExtraction({ seed: { categories: 8, products: 2000, customers: 5, orders: 20 }, sync: false, dialect });
  });

  afterAll(async () => {
    await stack?.close();
  });

  /** Changes, creates and deletes products through the monolith's API until `done` resolves (and at least 20 rounds). */
  async function writeUntil(done: Promise<unknown>): Promise<void> {
    const headers = { authorization: `Bearer ${stack.shop.adminToken}`, "content-type": "application/json" };
    let finished = false;
    void done.finally(() => (finished = true));
    for (let round = 0; !finished || round < 20; round++) {
      const id = 1 + ((round * 37) % 2000);
      await rawRequest(stack.shop.url, { method: "PATCH", path: `/products/${id}`, headers, body: JSON.stringify({ name: `Live edit ${round}`, priceCents: 100 + round }) });
      writes.updated += 1;
      if (!finished) writes.duringBackfill += 1;
      if (round % 5 === 0) {
        const created = await rawRequest(stack.shop.url, { method: "POST", path: "/products", headers, body: JSON.stringify({ sku: `E2E-${round}`, name: `Made during backfill ${round}`, priceCents: round, categoryId: 1 + (round % 8) }) });
        writes.created += 1;
        if (round % 10 === 0) {
          await rawRequest(stack.shop.url, { method: "DELETE", path: `/products/${created.json<{ id: number }>().id}`, headers });
          writes.deleted += 1;
        }
      }
    }
  }

  it("backfills while the monolith takes writes, then sync catches up with zero drift", async () => {
    let consumerStarted: Promise<unknown> | null = null;
    const backfill = backfillService(catalogSync, stack.shop.dataSource, stack.catalog.dataSource, {
      chunkSize: 20,
      onProgress: () => {
        consumerStarted ??= stack.catalog.startSync(stack.nats.url);
      },
    });
    await Promise.all([backfill, writeUntil(backfill)]);
    await consumerStarted;
    expect(writes.duringBackfill).toBeGreaterThanOrEqual(5);
    await stack.waitForCatchUp();
    const report = await verifyService(catalogSync, stack.shop.dataSource, stack.catalog.dataSource);
    expect(report.drift).toEqual([]);
    expect(report.compared.products).toBe(2000 + writes.created - writes.deleted);
  });

  it("serves catalog reads from the service once the flag says service, and from the monolith after flipping back", async () => {
    const paths = ["/products?pageSize=50&sort=-price", "/products/37", "/categories", "/products?q=live%20edit"];
    await stack.setCatalogStage("service");
    for (const path of paths) {
      const [direct, proxied] = await Promise.all([rawRequest(stack.shop.url, { path }), rawRequest(stack.proxy.url, { path })]);
      expect(proxied.headers["x-served-by"]).toBe("catalog");
      expect(normaliseAnswer(proxied)).toEqual(normaliseAnswer(direct));
    }

    await stack.setCatalogStage("monolith");
    for (const path of paths) {
      const [direct, proxied] = await Promise.all([rawRequest(stack.shop.url, { path }), rawRequest(stack.proxy.url, { path })]);
      expect(proxied.headers["x-served-by"]).toBeUndefined();
      expect(normaliseAnswer(proxied)).toEqual(normaliseAnswer(direct));
    }
  });
});
