import "reflect-metadata";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { DataSource } from "typeorm";
import { WriteGroup, type RunningConsumer } from "../../cdc";
import { createLogger } from "../../platform";
import { LegacyCalls, openMonolithTarget, serviceWritePath, startForwardSync, type LegacyCallsOptions } from "../../service-kit";
import { createOrdersApp, createOrdersDataSource, openOrdersDatabase, ordersSync, shopStock } from "../../extracted/orders";
import { httpOnFreePort } from "../http-on-free-port";
import { tempDir } from "../temp-dir";

export interface StartOrdersOptions {
  /** Folder for orders.sqlite (beside monolith.sqlite, as under npm start); a fresh temp folder when omitted. */
  dataDir?: string;
  /** Start the forward consumer on this broker; no sync when omitted. */
  natsUrl?: string;
  /** Serve the write routes, taking stock through this shop's inventory API; reads only when omitted. */
  shop?: { url: string; adminToken: string; calls?: LegacyCallsOptions };
}

export interface RunningOrders {
  url: string;
  /** orders.sqlite (migrated), for backfill, verify and assertions. */
  dataSource: DataSource;
  /** The write routes' calls to the shop (null: reads only). */
  calls: LegacyCalls | null;
  /** Starts the forward consumer (once); resolves with it. */
  startSync(natsUrl: string): Promise<RunningConsumer>;
  readonly sync: RunningConsumer | null;
  close(): Promise<void>;
}

/** Runs the real orders service app on a migrated temp SQLite file and a free port on 127.0.0.1. */
export async function startOrders(options: StartOrdersOptions = {}): Promise<RunningOrders> {
  const temp = options.dataDir === undefined ? tempDir("orders-") : undefined;
  const dataSource = createOrdersDataSource(join(options.dataDir ?? temp!.path, "orders.sqlite"));
  await openOrdersDatabase(dataSource);
  const logger = createLogger({ service: "orders", silent: true });
  let sync: RunningConsumer | null = null;
  const startSync = async (natsUrl: string) => (sync ??= await startForwardSync(ordersSync, { db: dataSource, natsUrl, logger, ackWaitMs: 2000 }));
  if (options.natsUrl) await startSync(options.natsUrl);
  const monolithFile = options.dataDir === undefined ? null : join(options.dataDir, "monolith.sqlite");
  const monolith = monolithFile && existsSync(monolithFile) ? await openMonolithTarget(ordersSync, monolithFile) : null;
  const group = monolith ? new WriteGroup(serviceWritePath(ordersSync, monolith, dataSource)) : null;
  const stock = options.shop ? shopStock({ url: options.shop.url, adminToken: options.shop.adminToken }) : null;
  const calls = stock ? new LegacyCalls(dataSource, [stock.kind], options.shop!.calls) : null;
  await calls?.start();
  const http = await httpOnFreePort(
    createOrdersApp({
      dataSource,
      logger,
      syncStatus: async () => (sync ? [await sync.consumer.status()] : []),
      ownership: async () => (group ? [await group.status()] : []),
      parked: () => sync?.consumer ?? null,
      writes: calls && stock ? { calls, stock } : undefined,
    }),
  );
  return {
    url: http.url,
    dataSource,
    calls,
    startSync,
    get sync() {
      return sync;
    },
    close: async () => {
      await http.close();
      await calls?.stop();
      await sync?.stop();
      await monolith?.destroy();
      if (dataSource.isInitialized) await dataSource.destroy();
      temp?.remove();
    },
  };
}
