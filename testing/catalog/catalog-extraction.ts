import { startRelay, type RunningRelay } from "../../cdc";
import type { SeedSize } from "../../monolith";
import { startMonolithOn, type RunningMonolith, type ShopDatabaseKind } from "../monolith";
import { testNatsServer, type TestNatsServer } from "../nats";
import { adminCall, waitUntil, rawRequest, type StartedProxy } from "../proxy";
import { tempDir } from "../temp-dir";
import { startCatalogProxy } from "./catalog-proxy";
import { startCatalog, type RunningCatalog } from "./start-catalog";
import { catalogChangePosition, waitForCatchUp } from "./sync-position";
import { backfillService } from "../../service-kit";
import { monolithRelayProgressFile } from "../../service-kit/sync/monolith-databases";
import { catalogSync } from "../../extracted/catalog";

/** The whole first extraction on free ports: broker, seeded monolith, relay, catalog with sync, proxy. */
export interface CatalogExtraction {
  nats: TestNatsServer;
  shop: RunningMonolith;
  relay: RunningRelay;
  catalog: RunningCatalog;
  proxy: StartedProxy;
  /** Moves the `catalog` route group to a stage and waits until the proxy routes by it. */
  setCatalogStage(stage: "monolith" | "service"): Promise<void>;
  /** Waits until the catalog consumer has taken every catalog change the monolith logged so far. */
  waitForCatchUp(): Promise<void>;
  close(): Promise<void>;
}

export interface CatalogExtractionOptions {
  seed?: Partial<SeedSize>;
  /** Run the backfill and start the consumer before returning (default true). */
  sync?: boolean;
  /**
   * The monolith's database: a SQLite file (default) or a fresh PostgreSQL database, created for
   * the stack and dropped by `close()` (the relay then keeps its progress in the stack's data folder).
   */
  dialect?: ShopDatabaseKind;
}

/** Starts the first extraction's stack in-process for int tests and e2e scenarios. */
export async function startCatalogExtraction(options: CatalogExtractionOptions = {}): Promise<CatalogExtraction> {
  const started: Array<() => Promise<void>> = [];
  const dir = tempDir("extraction-");
  started.push(async () => dir.remove());
  try {
    const nats = await testNatsServer();
    started.push(() => nats.close());
    const shop = await startMonolithOn(options.dialect ?? "sqlite", { dataDir: dir.path, seed: options.seed ?? { categories: 5, products: 60, customers: 3, orders: 10 } });
    started.push(() => shop.close());
    const relay = await startRelay({ db: shop.dataSource, url: nats.url, progressFile: monolithRelayProgressFile(shop.database, dir.path) });
    started.push(() => relay.stop());
    const catalog = await startCatalog();
    started.push(() => catalog.close());
    const proxy = await startCatalogProxy(shop.url, catalog.url);
    started.push(() => proxy.close());

    const extraction: CatalogExtraction = {
      nats,
      shop,
      relay,
      catalog,
      proxy,
      async setCatalogStage(stage) {
        const answer = await adminCall(proxy, "PUT", "/groups/catalog/stage", { stage, reason: "test" });
        if (answer.status !== 200) throw new Error(`stage change refused: ${answer.status} ${answer.body}`);
        const wanted = stage === "service" ? "catalog" : undefined;
        await waitUntil(async () => (await rawRequest(proxy.url, { path: "/categories" })).headers["x-served-by"] === wanted, 5000, 10);
      },
      async waitForCatchUp() {
        await waitForCatchUp(catalog.url, relay.relay, await catalogChangePosition(shop.dataSource));
      },
      async close() {
        for (const stop of started.reverse()) await stop();
      },
    };
    if (options.sync ?? true) {
      await backfillService(catalogSync, shop.dataSource, catalog.dataSource);
      await catalog.startSync(nats.url);
      await extraction.waitForCatchUp();
    }
    return extraction;
  } catch (err) {
    for (const stop of started.reverse()) await stop().catch(() => undefined);
    throw err;
  }
}
