import "reflect-metadata";
import type { DataSource } from "typeorm";
import { startRelay, type RunningConsumer, type RunningRelay } from "../../../../cdc";
import { startCatalog, startMonolith, testNatsServer, rawRequest, waitUntil, type RunningCatalog, type RunningMonolith, type TestNatsServer } from "../../../../testing";
import { assertAppliedOnce, changeLogRows, createHistoryTable, recordingMapping, type LoggedRow } from "../../../../testing/catalog";
import { normaliseAnswer } from "../../../../testing/parity";
import { backfillCatalog, catalogMapping, startCatalogSync, verifyCatalog } from "..";
import { openMonolithTarget } from "./monolith-target";
import { reverseMapping } from "./reverse-mapping";
import { startReverseSync, type RunningReverseSync } from "./start-reverse-sync";

const FORWARD_TABLES = ["categories", "products", "order_lines"];
const REVERSE_TABLES = ["categories", "products"];

jest.setTimeout(30_000);

describe("two-way catalog sync (monolith ⇄ catalog, real nats-server and SQLite)", () => {
  let nats: TestNatsServer;
  let shop: RunningMonolith;
  let catalog: RunningCatalog;
  let monolithRelay: RunningRelay;
  let forward: RunningConsumer;
  let target: DataSource;
  let reverse: RunningReverseSync;
  let forwardStart: number;

  const admin = (token: string) => ({ authorization: `Bearer ${token}`, "content-type": "application/json" });
  const send = (url: string, method: string, path: string, token: string, body?: unknown) =>
    rawRequest(url, { method, path, headers: admin(token), body: body === undefined ? undefined : JSON.stringify(body) });
  const toCatalog = (method: string, path: string, body?: unknown) => send(catalog.url, method, path, catalog.adminToken, body);
  const toShop = (method: string, path: string, body?: unknown) => send(shop.url, method, path, shop.adminToken, body);

  const lastPosition = (log: readonly LoggedRow[]) => log[log.length - 1]?.position ?? 0;

  /**
   * Both directions have taken every change logged so far on both sides: each relay had the broker
   * acknowledge its whole log and each consumer acknowledged every message (it acks after commit).
   * Positions and acknowledgements, never a sleep.
   */
  async function settle(): Promise<void> {
    await waitUntil(
      async () => {
        const [shopLog, catalogLog] = [await changeLogRows(shop.dataSource), await changeLogRows(catalog.dataSource)];
        const relayed = (await monolithRelay.relay.status()).lastAckedPosition >= lastPosition(shopLog) && (await reverse.relay.relay.status()).lastAckedPosition >= lastPosition(catalogLog);
        const consumed = (await forward.consumer.status()).backlog === 0 && (await reverse.consumer.consumer.status()).backlog === 0;
        // Read the logs again: an apply between the first read and the statuses logs a new row.
        const unchanged = (await changeLogRows(shop.dataSource)).length === shopLog.length && (await changeLogRows(catalog.dataSource)).length === catalogLog.length;
        return relayed && consumed && unchanged;
      },
      15_000,
      20,
    );
  }

  beforeAll(async () => {
    nats = await testNatsServer();
    shop = await startMonolith({ seed: { categories: 3, products: 20, customers: 2, orders: 5 } });
    catalog = await startCatalog();
    monolithRelay = await startRelay({ db: shop.dataSource, url: nats.url });
    forwardStart = (await backfillCatalog(shop.dataSource, catalog.dataSource)).startPosition;
    await createHistoryTable(catalog.dataSource);
    forward = await startCatalogSync({ db: catalog.dataSource, natsUrl: nats.url, ackWaitMs: 2000, mapping: recordingMapping(catalogMapping) });
    target = await openMonolithTarget(shop.dataSource.options.database as string);
    await createHistoryTable(target);
    reverse = await startReverseSync({ catalog: catalog.dataSource, monolith: target, natsUrl: nats.url, ackWaitMs: 2000, mapping: recordingMapping(reverseMapping) });
    await settle();
  });

  afterAll(async () => {
    await reverse?.stop();
    await forward?.stop();
    await monolithRelay?.stop();
    await target?.destroy();
    await catalog?.close();
    await shop?.close();
    await nats?.close();
  });

  it("carries a monolith write into the catalog once and logs it once on each side", async () => {
    const [shopBefore, catalogBefore] = [await changeLogRows(shop.dataSource), await changeLogRows(catalog.dataSource)];
    expect((await toShop("PATCH", "/products/2", { name: "Renamed in the monolith" })).status).toBe(200);
    await settle();
    const shopNew = (await changeLogRows(shop.dataSource)).slice(shopBefore.length);
    const catalogNew = (await changeLogRows(catalog.dataSource)).slice(catalogBefore.length);
    expect(shopNew.map((row) => [row.table, row.origin])).toEqual([["products", "monolith"]]);
    expect(catalogNew.map((row) => [row.table, row.origin])).toEqual([["products", "monolith"]]);
    expect(JSON.parse((await rawRequest(catalog.url, { path: "/products/2" })).body).name).toBe("Renamed in the monolith");
  });

  it("carries a catalog write into the monolith once, and the monolith answers it exactly as the catalog does", async () => {
    const [shopBefore, catalogBefore] = [await changeLogRows(shop.dataSource), await changeLogRows(catalog.dataSource)];
    const created = await toCatalog("POST", "/products", { sku: "TWO-WAY-1", name: "Made in the catalog", priceCents: 1500, categoryId: 1 });
    expect(created.status).toBe(201);
    const id = JSON.parse(created.body).id as number;
    expect(id).toBe(21);
    await settle();
    const shopNew = (await changeLogRows(shop.dataSource)).slice(shopBefore.length);
    const catalogNew = (await changeLogRows(catalog.dataSource)).slice(catalogBefore.length);
    expect(catalogNew.map((row) => [row.table, row.origin])).toEqual([["products", "catalog"]]);
    expect(shopNew.map((row) => [row.table, row.origin])).toEqual([
      ["products", "catalog"],
      ["stock_levels", "catalog"],
    ]);
    const [fromShop, fromCatalog] = await Promise.all([rawRequest(shop.url, { path: `/products/${id}` }), rawRequest(catalog.url, { path: `/products/${id}` })]);
    expect(normaliseAnswer(fromShop)).toEqual(normaliseAnswer(fromCatalog));
    expect(JSON.parse((await rawRequest(shop.url, { path: `/inventory/${id}` })).body).quantity).toBe(0);
  });

  it("lets the monolith take an order for a product created in the catalog, after which the catalog refuses to delete it", async () => {
    const created = await toCatalog("POST", "/products", { sku: "TWO-WAY-ORDERED", name: "Orderable", priceCents: 990, categoryId: 2 });
    const id = JSON.parse(created.body).id as number;
    await settle();
    expect((await toShop("PUT", `/inventory/${id}`, { quantity: 3 })).status).toBe(200);
    const login = await rawRequest(shop.url, {
      method: "POST",
      path: "/customers/login",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "customer1@example.com", password: "sample-password" }),
    });
    const cookie = String(login.headers["set-cookie"]).split(";")[0];
    const order = await rawRequest(shop.url, { method: "POST", path: "/orders", headers: { "content-type": "application/json", cookie }, body: JSON.stringify({ lines: [{ productId: id, quantity: 2 }] }) });
    expect(order.status).toBe(201);
    expect(JSON.parse(order.body).totalCents).toBe(1980);
    await settle();
    const refused = await toCatalog("DELETE", `/products/${id}`);
    expect(refused.status).toBe(409);
    expect(JSON.parse(refused.body).error.code).toBe("SHOP_ERR_PRODUCT_IN_USE");
  });

  it("carries category and product updates and deletes made in the catalog into the monolith", async () => {
    const category = JSON.parse((await toCatalog("POST", "/categories", { slug: "two-way", name: "Two way" })).body);
    const product = JSON.parse((await toCatalog("POST", "/products", { sku: "TWO-WAY-GONE", name: "Short-lived", priceCents: 5, categoryId: category.id })).body);
    expect((await toCatalog("PATCH", `/categories/${category.id}`, { name: "Two-way renamed" })).status).toBe(200);
    expect((await toCatalog("PATCH", `/products/${product.id}`, { priceCents: 7, active: false })).status).toBe(200);
    await settle();
    expect(JSON.parse((await rawRequest(shop.url, { path: `/categories/${category.id}` })).body).name).toBe("Two-way renamed");
    expect(JSON.parse((await rawRequest(shop.url, { path: `/products/${product.id}` })).body)).toMatchObject({ priceCents: 7, active: false });
    expect((await toCatalog("DELETE", `/products/${product.id}`)).status).toBe(204);
    expect((await toCatalog("DELETE", `/categories/${category.id}`)).status).toBe(204);
    await settle();
    expect((await rawRequest(shop.url, { path: `/products/${product.id}` })).status).toBe(404);
    expect((await rawRequest(shop.url, { path: `/categories/${category.id}` })).status).toBe(404);
    expect((await rawRequest(shop.url, { path: `/inventory/${product.id}` })).status).toBe(404);
  });

  it("under interleaved writes on both sides, applies every change exactly once and in order per row, with no drift", async () => {
    const [shopBefore, catalogBefore] = [(await changeLogRows(shop.dataSource)).length, (await changeLogRows(catalog.dataSource)).length];
    const writes: Array<Promise<{ status: number }>> = [];
    for (let i = 0; i < 10; i += 1) {
      writes.push(toShop("PATCH", `/products/${(i % 5) + 3}`, { priceCents: 100 + i }));
      writes.push(toCatalog("PATCH", `/products/${(i % 5) + 10}`, { priceCents: 200 + i }));
    }
    expect((await Promise.all(writes)).map((answer) => answer.status)).toEqual(Array(20).fill(200));
    await settle();
    const shopLog = await changeLogRows(shop.dataSource);
    const catalogLog = await changeLogRows(catalog.dataSource);
    // Each write is logged once where it was made and once where it was applied: 20 on each side.
    expect(shopLog.length - shopBefore).toBe(20);
    expect(catalogLog.length - catalogBefore).toBe(20);

    await assertAppliedOnce(shopLog, catalog.dataSource, { tables: FORWARD_TABLES, above: forwardStart, ownOrigin: "catalog" });
    await assertAppliedOnce(catalogLog, target, { tables: REVERSE_TABLES, above: 0, ownOrigin: "monolith" });
    const report = await verifyCatalog(shop.dataSource, catalog.dataSource);
    expect(report.drift).toEqual([]);
  });
});
