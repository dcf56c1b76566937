/**
 * The session bridge's staleness bound on this machine: real nats-server, monolith, relay and the
 * orders service with its consumer, each in this process; a customer logs in and out at the
 * monolith N times; how long until the service accepts, then refuses, the cookie.
 *
 *   npx tsx testing/orders/measure-session-bridge.ts [--samples 200]
 */
import "reflect-metadata";
import { parseArgs } from "node:util";
import { startOrdersExtraction } from "./orders-extraction";
import { measureSessionBridge, percentiles } from "./session-bridge-timing";

const { values } = parseArgs({ options: { samples: { type: "string", default: "200" } } });

async function main(): Promise<void> {
  const stack = await startOrdersExtraction({ seed: { categories: 2, products: 20, customers: 3, orders: 200 } });
  try {
    const timings = await measureSessionBridge(stack.shop.url, stack.orders.url, { samples: Number(values.samples) });
    console.table({
      "login → cookie accepted by orders (ms)": percentiles(timings.loginToAccepted),
      "logout → cookie refused by orders (ms)": percentiles(timings.logoutToRefused),
    });
  } finally {
    await stack.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
