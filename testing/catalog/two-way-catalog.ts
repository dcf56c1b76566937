import "reflect-metadata";
import type { DataSource } from "typeorm";
import { startRelay, type RunningConsumer, type RunningRelay } from "../../cdc";
import { catalogMapping, reverseMapping } from "../../extracted/catalog";
import type { SeedSize } from "../../monolith";
import { startMonolithOn, type RunningMonolith, type ShopDatabaseKind } from "../monolith";
import { testNatsServer, type TestNatsServer } from "../nats";
import { tempDir, type TempDir } from "../temp-dir";
import { createHistoryTable, recordingMapping } from "./recorded-history";
import { startCatalog, type RunningCatalog } from "./start-catalog";
import { type RunningReverseSync, backfillService, openMonolithTarget, startForwardSync, startReverseSync } from "../../service-kit";
import { monolithRelayProgressFile } from "../../service-kit/sync/monolith-databases";
import { catalogSync } from "../../extracted/catalog";

export interface TwoWayCatalogOptions {
  /**
   * The monolith's database: monolith.sqlite in the data folder (default), or a fresh PostgreSQL
   * database created for the stack and dropped by `close()`; the relay then keeps its progress in
   * the data folder where the CLI looks for it (`monolithRelayProgressFile`).
   */
  dialect?: ShopDatabaseKind;
}

/** Monolith and catalog syncing both ways on a real nats-server, every apply recorded for the history checker. */
export interface TwoWayCatalog {
  /** The data folder holding monolith.sqlite (or, on PostgreSQL, the relay's monolith.strangler.sqlite) and catalog.sqlite, as under `npm start`. */
  dir: TempDir;
  /**
   * What a process of the stack (the CLI, a service) is told about the monolith's database, on top
   * of STRANGLER_DATA_DIR: `{ MONOLITH_DATABASE_URL }` on PostgreSQL, nothing on SQLite.
   */
  monolithEnv: Record<string, string>;
  nats: TestNatsServer;
  shop: RunningMonolith;
  relay: RunningRelay;
  catalog: RunningCatalog;
  /** The consumer monolith → catalog (recording mapping). */
  forward: RunningConsumer;
  /** Where the forward consumer started (its backfill's start): history checks look above it. */
  forwardStart: number;
  /** The monolith database as the reverse consumer writes it (in-monolith migrations applied). */
  monolithTarget: DataSource;
  /** The catalog's relay and the consumer catalog → monolith (recording mapping). */
  readonly reverse: RunningReverseSync;
  /** Starts the reverse sync again after `reverse.stop()`. */
  restartReverse(): Promise<RunningReverseSync>;
  close(): Promise<void>;
}

/** Starts the two-way catalog sync in-process: seeded monolith (SQLite, or PostgreSQL with `dialect`), relay, backfilled catalog, both consumers. */
export async function startTwoWayCatalog(seed: Partial<SeedSize>, options: TwoWayCatalogOptions = {}): Promise<TwoWayCatalog> {
  const stops: Array<() => Promise<unknown>> = [];
  const dir = tempDir("two-way-");
  stops.push(async () => dir.remove());
  try {
    const nats = await testNatsServer();
    stops.push(() => nats.close());
    const shop = await startMonolithOn(options.dialect ?? "sqlite", { dataDir: dir.path, seed });
    stops.push(() => shop.close());
    const relay = await startRelay({ db: shop.dataSource, url: nats.url, progressFile: monolithRelayProgressFile(shop.database, dir.path) });
    stops.push(() => relay.stop());
    const catalog = await startCatalog({ dataDir: dir.path, monolithDatabase: shop.database });
    stops.push(() => catalog.close());
    const forwardStart = (await backfillService(catalogSync, shop.dataSource, catalog.dataSource)).startPosition;
    await createHistoryTable(catalog.dataSource);
    const forward = await startForwardSync(catalogSync, { db: catalog.dataSource, natsUrl: nats.url, ackWaitMs: 2000, mapping: recordingMapping(catalogMapping) });
    stops.push(() => forward.stop());
    const monolithTarget = await openMonolithTarget(catalogSync, shop.database);
    stops.push(() => monolithTarget.destroy());
    await createHistoryTable(monolithTarget);
    const startReverse = () => startReverseSync(catalogSync, { db: catalog.dataSource, monolith: monolithTarget, natsUrl: nats.url, ackWaitMs: 2000, mapping: recordingMapping(reverseMapping) });
    let reverse = await startReverse();
    stops.push(() => reverse.stop());
    return {
      dir,
      monolithEnv: shop.dataSource.options.type === "postgres" ? { MONOLITH_DATABASE_URL: shop.database } : {},
      nats,
      shop,
      relay,
      catalog,
      forward,
      forwardStart,
      monolithTarget,
      get reverse() {
        return reverse;
      },
      restartReverse: async () => (reverse = await startReverse()),
      close: async () => {
        for (const stop of stops.reverse()) await stop();
      },
    };
  } catch (err) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    throw err;
  }
}
