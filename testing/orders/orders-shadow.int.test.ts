import { adminCall, waitUntil } from "../proxy";
import { describeOrderCases } from "../regression/order.cases";
import { ShopFixtures } from "../regression";
import { startSettledFront, type SettledFront } from "../services";
import { startOrdersExtraction, type OrdersExtraction } from "./orders-extraction";

interface Report {
  samples: number;
  counters: { matched: number; mismatched: number; errored: number; skipped: number };
  recentMismatches: unknown[];
}

const READ_ROUTES = ["orders-read", "orders-customer-read"] as const;

/**
 * The shop's regression order cases through the proxy with the orders reads at stage `shadow`:
 * every read the monolith answers is also sent to the orders service and compared, and none may
 * differ. The cases go through a front that lets sync catch up before each request, so the shadow
 * compares the contract, not the sync lag (docs/orders.md, "The session bridge", for the lag).
 */
let stack: OrdersExtraction;
let front: SettledFront;
const report = async (route: string) => (await adminCall(stack.proxy, "GET", `/routes/${route}/shadow-report`)).json<Report>();

beforeAll(async () => {
  stack = await startOrdersExtraction({ seed: { categories: 2, products: 10, customers: 2, orders: 10 }, shadowFlushMs: 20 });
  front = await startSettledFront(stack.proxy.url, () => stack.waitForCatchUp());
  for (const route of READ_ROUTES) {
    const answer = await adminCall(stack.proxy, "PUT", `/routes/${route}/stage`, { stage: "shadow", reason: "shadow regression" });
    if (answer.status !== 200) throw new Error(`stage change refused: ${answer.status} ${answer.body}`);
  }
  // The flag reached the proxy once an anonymous read is compared.
  await waitUntil(async () => {
    await fetch(`${stack.proxy.url}/orders`);
    return (await report("orders-read")).samples > 0;
  }, 15_000, 50);
}, 120_000);

afterAll(async () => {
  await front?.close();
  await stack?.close();
});

describe("orders reads in shadow, under the shop's regression order cases", () => {
  describeOrderCases(new ShopFixtures(() => ({ baseUrl: front.url, adminToken: stack.shop.adminToken })));

  it("compared the reads with zero mismatches and zero errors", async () => {
    let last = "";
    await waitUntil(async () => {
      const now = JSON.stringify(await Promise.all(READ_ROUTES.map(report)));
      const settled = now === last;
      last = now;
      return settled;
    }, 15_000, 300);
    const [orders, customer] = await Promise.all(READ_ROUTES.map(report));
    expect(orders.samples).toBeGreaterThanOrEqual(5);
    expect(customer.samples).toBeGreaterThanOrEqual(1);
    for (const shadow of [orders, customer]) {
      expect(shadow.recentMismatches).toEqual([]);
      expect(shadow.counters).toMatchObject({ mismatched: 0, errored: 0 });
    }
  });
});
