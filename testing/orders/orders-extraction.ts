import { startRelay, type RunningRelay } from "../../cdc";
import { ordersSync } from "../../extracted/orders";
import type { SeedSize } from "../../monolith";
import { backfillService } from "../../service-kit";
import { startMonolith, type RunningMonolith } from "../monolith";
import { testNatsServer, type TestNatsServer } from "../nats";
import { adminCall, rawRequest, waitUntil } from "../proxy";
import { changePosition, startServiceProxy, waitForServiceCatchUp, type ServiceProxy } from "../services";
import { tempDir, type TempDir } from "../temp-dir";
import { logIn } from "./shop-session";
import { startOrders, type RunningOrders } from "./start-orders";

/** The tables of the monolith the orders service follows. */
export const ORDERS_SOURCE_TABLES = ["sessions", "orders", "order_lines"] as const;

/** The orders extraction on free ports: broker, seeded monolith, relay, orders service with sync, proxy on the shipped routes. */
export interface OrdersExtraction {
  dir: TempDir;
  nats: TestNatsServer;
  shop: RunningMonolith;
  relay: RunningRelay;
  orders: RunningOrders;
  proxy: ServiceProxy;
  /** Moves the `orders` route group to a stage and waits until the proxy routes by it (checked on `path` with `cookie`). */
  setOrdersStage(stage: "monolith" | "shadow" | "service", probe: { path: string; cookie: string }): Promise<void>;
  /** Waits until the orders consumer has taken every sessions/orders/order_lines change the monolith logged so far. */
  waitForCatchUp(): Promise<void>;
  /** Logs seeded customer `n` in at the monolith and waits until the service knows the session. */
  logIn(n: number): Promise<string>;
  close(): Promise<void>;
}

export interface OrdersExtractionOptions {
  seed?: Partial<SeedSize>;
  /** Run the backfill and start the consumer before returning (default true). */
  sync?: boolean;
  /** The proxy's shadow-store flush interval (tests reading the shadow report lower it). */
  shadowFlushMs?: number;
}

/** Starts the orders extraction in-process for int tests and e2e scenarios (one data folder, as under npm start). */
export async function startOrdersExtraction(options: OrdersExtractionOptions = {}): Promise<OrdersExtraction> {
  const started: Array<() => Promise<unknown>> = [];
  const dir = tempDir("orders-extraction-");
  started.push(async () => dir.remove());
  try {
    const nats = await testNatsServer();
    started.push(() => nats.close());
    const shop = await startMonolith({ dataDir: dir.path, seed: options.seed ?? { categories: 3, products: 30, customers: 4, orders: 25 } });
    started.push(() => shop.close());
    const relay = await startRelay({ db: shop.dataSource, url: nats.url });
    started.push(() => relay.stop());
    const orders = await startOrders({ dataDir: dir.path });
    started.push(() => orders.close());
    const proxy = await startServiceProxy({ monolith: shop.url, orders: orders.url }, { shadowFlushMs: options.shadowFlushMs });
    started.push(() => proxy.close());

    const extraction: OrdersExtraction = {
      dir,
      nats,
      shop,
      relay,
      orders,
      proxy,
      async setOrdersStage(stage, probe) {
        const answer = await adminCall(proxy, "PUT", "/groups/orders/stage", { stage, reason: "test", force: true });
        if (answer.status !== 200) throw new Error(`stage change refused: ${answer.status} ${answer.body}`);
        const wanted = stage === "service" ? "orders" : undefined;
        await waitUntil(async () => (await rawRequest(proxy.url, { path: probe.path, headers: { cookie: probe.cookie } })).headers["x-served-by"] === wanted, 10_000, 10);
      },
      async waitForCatchUp() {
        await waitForServiceCatchUp(orders.url, relay.relay, await changePosition(shop.dataSource, ORDERS_SOURCE_TABLES));
      },
      async logIn(n) {
        const cookie = await logIn(shop.url, n);
        await extraction.waitForCatchUp();
        return cookie;
      },
      async close() {
        for (const stop of started.reverse()) await stop();
      },
    };
    if (options.sync ?? true) {
      await backfillService(ordersSync, shop.dataSource, orders.dataSource);
      await orders.startSync(nats.url);
      await extraction.waitForCatchUp();
    }
    return extraction;
  } catch (err) {
    for (const stop of started.reverse()) await stop().catch(() => undefined);
    throw err;
  }
}
