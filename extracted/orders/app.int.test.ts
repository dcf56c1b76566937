import { createHash } from "node:crypto";
import type { EntityManager } from "typeorm";
import { setCaptureOrigin } from "../../cdc";
import { backfillService } from "../../service-kit";
import { rawRequest, startMonolith, tempDir, type RawResponse, type RunningMonolith, type TempDir } from "../../testing";
import { logIn, logOut, startOrders, type RunningOrders } from "../../testing/orders";
import { ordersMapping, ordersSync, type MonolithOrderLineRow } from "./sync";

/**
 * The orders service's routes and its session bridge against the monolith's own answers: a seeded
 * shop, sessions opened there, everything copied by the backfill (no broker: what sync would do
 * later is applied through the mapping by hand), then the same request to both, compared byte for byte.
 */
let dir: TempDir;
let shop: RunningMonolith;
let orders: RunningOrders;
let alice: { id: number; cookie: string; orderIds: number[] };
let bob: { id: number; cookie: string };
let loggedOut: string;
const EXPIRED = "an-expired-session-token";

const same = async (path: string, cookie?: string): Promise<[RawResponse, RawResponse]> => {
  const headers = cookie ? { cookie } : undefined;
  return Promise.all([rawRequest(shop.url, { path, headers }), rawRequest(orders.url, { path, headers })]);
};

function expectIdentical([legacy, service]: [RawResponse, RawResponse]): void {
  expect(service.status).toBe(legacy.status);
  expect(service.headers["content-type"]).toBe(legacy.headers["content-type"]);
  expect(service.headers["x-total-count"]).toBe(legacy.headers["x-total-count"]);
  expect(service.headers["set-cookie"]).toBe(legacy.headers["set-cookie"]);
  expect(service.body).toBe(legacy.body);
  expect(service.headers["x-served-by"]).toBe("orders");
}

beforeAll(async () => {
  dir = tempDir("orders-app-");
  shop = await startMonolith({ dataDir: dir.path, seed: { categories: 2, products: 12, customers: 3, orders: 30 } });
  const [top, other] = (await shop.dataSource.query(`SELECT "customer_id" AS "id", COUNT(*) AS "n" FROM "orders" GROUP BY "customer_id" ORDER BY "n" DESC, "customer_id"`)) as Array<{ id: number }>;
  const ids = (await shop.dataSource.query(`SELECT "id" FROM "orders" WHERE "customer_id" = ? ORDER BY "id" DESC`, [top.id])) as Array<{ id: number }>;
  alice = { id: top.id, cookie: await logIn(shop.url, top.id), orderIds: ids.map((row) => row.id) };
  bob = { id: other.id, cookie: await logIn(shop.url, other.id) };
  loggedOut = await logIn(shop.url, other.id);
  const past = new Date(Date.now() - 60_000).toISOString();
  await shop.dataSource.query(`INSERT INTO "sessions" ("token_hash", "customer_id", "created_at", "expires_at") VALUES (?, ?, ?, ?)`, [
    createHash("sha256").update(EXPIRED).digest("hex"),
    top.id,
    past,
    past,
  ]);
  orders = await startOrders({ dataDir: dir.path });
  await backfillService(ordersSync, shop.dataSource, orders.dataSource);
  // The logout, and its delete reaching the replica as the consumer applies it.
  const [session] = (await shop.dataSource.query(`SELECT "id" FROM "sessions" WHERE "token_hash" = ?`, [createHash("sha256").update(loggedOut.split("=")[1]).digest("hex")])) as Array<{ id: number }>;
  await logOut(shop.url, loggedOut);
  await orders.dataSource.transaction((tx) => ordersMapping.sessions.delete({ id: session.id }, tx, {} as never));
});

afterAll(async () => {
  await orders?.close();
  await shop?.close();
  dir?.remove();
});

describe("the session bridge answers as the monolith does", () => {
  it.each([
    ["no cookie", undefined],
    ["an unknown token", "shop_session=not-a-session"],
    ["an expired session", `shop_session=${EXPIRED}`],
    ["a logged-out session", () => loggedOut],
    ["a cookie that cannot be decoded", "shop_session=%E0%A4%A"],
    ["another cookie only", "other=1"],
  ])("refuses %s with the shop's 401, byte for byte", async (_name, cookie) => {
    const value = typeof cookie === "function" ? cookie() : cookie;
    for (const path of ["/orders", "/orders/1", "/orders/abc", `/customers/${alice.id}/orders`, "/customers/abc/orders?page=0"]) {
      const answers = await same(path, value);
      expect(answers[0].status).toBe(401);
      expectIdentical(answers);
    }
  });

  it("accepts a live session among other cookies", async () => {
    expectIdentical(await same("/orders", `theme=dark; ${alice.cookie}; x=1`));
  });
});

describe("the read routes answer as the monolith does", () => {
  it.each([
    ["the first page of one's orders, newest first", "/orders"],
    ["a page of one", "/orders?page=2&pageSize=1"],
    ["a page past the end", "/orders?page=50"],
    ["a page size above 100", "/orders?pageSize=101"],
    ["a page that is not a number", "/orders?page=abc"],
    ["an order id that is not a number", "/orders/abc"],
    ["order id 0", "/orders/0"],
    ["an unknown order", "/orders/2000000000"],
    ["one's orders by customer id", "/customers/:self/orders?pageSize=3"],
    ["another customer's order list (403)", "/customers/:other/orders"],
    ["a customer id that is not a number", "/customers/x/orders"],
    ["a bad page on the customer route", "/customers/:self/orders?pageSize=0"],
    ["an unknown path below /orders", "/orders/1/lines"],
  ])("%s", async (_name, template) => {
    const path = template.replace(":self", String(alice.id)).replace(":other", String(bob.id));
    expectIdentical(await same(path, alice.cookie));
  });

  it("reads each of one's orders with all its lines, and hides another customer's as 404", async () => {
    for (const id of alice.orderIds) {
      const answers = await same(`/orders/${id}`, alice.cookie);
      expect(answers[0].status).toBe(200);
      expectIdentical(answers);
      const other = await same(`/orders/${id}`, bob.cookie);
      expect(other[0].status).toBe(404);
      expectIdentical(other);
    }
  });

  it("serves its health and sync status, and the legacy 404 elsewhere", async () => {
    expect((await rawRequest(orders.url, { path: "/healthz" })).json()).toEqual({ status: "ok" });
    expect((await rawRequest(orders.url, { path: "/internal/sync/status" })).json()).toMatchObject({ service: "orders", streams: [] });
    const unknown = await rawRequest(orders.url, { path: "/nothing-here" });
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toEqual({ error: { code: "SHOP_ERR_NOT_FOUND", message: "No route for GET /nothing-here" } });
  });
});
