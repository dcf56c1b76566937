import "reflect-metadata";
import Database from "better-sqlite3";
import { rawRequest, waitUntil } from "../../../../testing";
import { liftWriteFence, OWNERSHIP_FENCE_HOLDER, setWriteFence, verifyWritePath, WriteGroup } from "../../../../cdc";
import { assertAppliedOnce, changeLogRows, setCatalogOwner, startTwoWayCatalog, type LoggedRow, type TwoWayCatalog } from "../../../../testing/catalog";
import { normaliseAnswer } from "../../../../testing/parity";
import { MOVED_TABLES } from "..";
import { serviceWritePath, verifyService } from "../../../../service-kit";
import { catalogSync } from "../catalog-sync";

const FORWARD_TABLES = ["categories", "products", "order_lines"];
const REVERSE_TABLES = ["categories", "products"];

jest.setTimeout(30_000);

describe("two-way catalog sync (monolith ⇄ catalog, real nats-server and SQLite)", () => {
  let stack: TwoWayCatalog;

  const admin = (token: string) => ({ authorization: `Bearer ${token}`, "content-type": "application/json" });
  const send = (url: string, method: string, path: string, token: string, body?: unknown) =>
    rawRequest(url, { method, path, headers: admin(token), body: body === undefined ? undefined : JSON.stringify(body) });
  const toCatalog = (method: string, path: string, body?: unknown) => send(stack.catalog.url, method, path, stack.catalog.adminToken, body);
  const toShop = (method: string, path: string, body?: unknown) => send(stack.shop.url, method, path, stack.shop.adminToken, body);

  const lastPosition = (log: readonly LoggedRow[]) => log[log.length - 1]?.position ?? 0;

  /**
   * Both directions have taken every change logged so far on both sides: each relay had the broker
   * acknowledge its whole log and each consumer acknowledged every message (it acks after commit).
   * Positions and acknowledgements, never a sleep.
   */
  async function settle(): Promise<void> {
    await waitUntil(
      async () => {
        const [shopLog, catalogLog] = [await changeLogRows(stack.shop.dataSource), await changeLogRows(stack.catalog.dataSource)];
        const relayed = (await stack.relay.relay.status()).lastAckedPosition >= lastPosition(shopLog) && (await stack.reverse.relay.relay.status()).lastAckedPosition >= lastPosition(catalogLog);
        const consumed = (await stack.forward.consumer.status()).backlog === 0 && (await stack.reverse.consumer.consumer.status()).backlog === 0;
        // Read the logs again: an apply between the first read and the statuses logs a new row.
        const unchanged = (await changeLogRows(stack.shop.dataSource)).length === shopLog.length && (await changeLogRows(stack.catalog.dataSource)).length === catalogLog.length;
        return relayed && consumed && unchanged;
      },
      15_000,
      20,
    );
  }

  beforeAll(async () => {
    stack = await startTwoWayCatalog({ categories: 3, products: 20, customers: 2, orders: 5 });
    await settle();
  });

  afterAll(async () => {
    await stack?.close();
  });

  describe("while the monolith owns the catalog's writes (the start)", () => {
    it("carries a monolith write into the catalog once, and the catalog logs nothing of it (nothing goes back)", async () => {
      const [shopBefore, catalogBefore] = [await changeLogRows(stack.shop.dataSource), await changeLogRows(stack.catalog.dataSource)];
      expect((await toShop("PATCH", "/products/2", { name: "Renamed in the monolith" })).status).toBe(200);
      await settle();
      const shopNew = (await changeLogRows(stack.shop.dataSource)).slice(shopBefore.length);
      const catalogNew = (await changeLogRows(stack.catalog.dataSource)).slice(catalogBefore.length);
      expect(shopNew.map((row) => [row.table, row.origin])).toEqual([["products", "monolith"]]);
      expect(catalogNew).toEqual([]);
      expect(JSON.parse((await rawRequest(stack.catalog.url, { path: "/products/2" })).body).name).toBe("Renamed in the monolith");
    });

    it("writes no bookkeeping of the reverse direction into the monolith's file while the monolith owns the writes", async () => {
      const bookkeeping = async () => [
        await stack.monolithTarget.query(`SELECT COUNT(*) AS "n" FROM "_strangler_applied_positions" WHERE "source" = 'catalog'`),
        await stack.monolithTarget.query(`SELECT "last_position", "updated_at" FROM "_strangler_consumer_checkpoints"`),
      ];
      const before = await bookkeeping();
      for (let i = 0; i < 10; i += 1) expect((await toShop("PATCH", `/products/${(i % 5) + 3}`, { name: `Legacy write ${i}` })).status).toBe(200);
      await settle();
      expect(await bookkeeping()).toEqual(before);
    });

    it("refuses an UPDATE typed into catalog.sqlite by hand: the database itself does not take local writes it does not own", () => {
      const db = new Database(stack.dir.file("catalog.sqlite"));
      try {
        expect(() => db.prepare(`UPDATE "products" SET "name" = 'typed by hand' WHERE "legacy_id" = 3`).run()).toThrow(/STRANGLER_WRITE_FENCED: writes to "products" are fenced/);
      } finally {
        db.close();
      }
    });

    it("refuses a write sent straight to the catalog: its database is fenced, nothing reaches the monolith", async () => {
      const refused = await toCatalog("POST", "/products", { sku: "STRAY-1", name: "Sent around the proxy", priceCents: 100, categoryId: 1 });
      expect(refused.status).toBe(503);
      expect(JSON.parse(refused.body).error.code).toBe("SHOP_ERR_WRITE_FENCED");
      expect((await stack.catalog.dataSource.query(`SELECT COUNT(*) AS "n" FROM "products" WHERE "sku" = 'STRAY-1'`))[0].n).toBe(0);
    });

    it("parks, never applies, a catalog change that got past a lifted fence: the monolith is the system of record", async () => {
      await liftWriteFence(stack.catalog.dataSource, MOVED_TABLES);
      const stray = await toCatalog("PATCH", "/products/4", { name: "Stray write in the catalog" });
      await setWriteFence(stack.catalog.dataSource, MOVED_TABLES, "the monolith owns catalog-writes", OWNERSHIP_FENCE_HOLDER);
      expect(stray.status).toBe(200);

      await waitUntil(async () => (await stack.reverse.consumer.consumer.listParked()).length > 0, 15_000, 20);

      const [parked] = await stack.reverse.consumer.consumer.listParked();
      expect(parked).toMatchObject({ source: "catalog", table: "products" });
      expect(parked.reason).toContain('this database owns "products" now');
      expect(JSON.parse((await rawRequest(stack.shop.url, { path: "/products/4" })).body).name).not.toBe("Stray write in the catalog");
      // Put the copy back the way the owner has it, and drop the stray change, so the next scenarios start clean.
      await stack.monolithTarget.query(`DELETE FROM "_strangler_parked_changes"`);
      expect((await verifyWritePath(new WriteGroup(serviceWritePath(catalogSync, stack.monolithTarget, stack.catalog.dataSource)), { repair: true })).repair?.after?.drift).toEqual([]);
    });
  });

  describe("once the catalog owns the writes", () => {
    /** The catalog's log before it owned the writes (the stray change above was parked and dropped). */
    let ownedFrom = 0;

    beforeAll(async () => {
      await settle();
      ownedFrom = lastPosition(await changeLogRows(stack.catalog.dataSource));
      await setCatalogOwner(stack.catalog.dataSource, "service", stack.monolithTarget);
    });

    it("refuses a repair while the reverse sync is behind (the monolith's copy is stale), changing nothing, and finds no drift once it caught up", async () => {
      await stack.reverse.stop();
      expect((await toCatalog("PATCH", "/products/6", { name: "Newer in the catalog, the owner" })).status).toBe(200);
      const group = new WriteGroup(serviceWritePath(catalogSync, stack.monolithTarget, stack.catalog.dataSource));

      const refused = await verifyWritePath(group, { repair: true, drainTimeoutMs: 300 });

      expect(refused).toMatchObject({ owner: "service", copy: "monolith", drift: [expect.stringContaining("products 6: different")] });
      expect(refused.repair?.refused).toContain("sync from the service (the owner) to the monolith has not drained");
      // Nothing was written either way: the owner keeps its newer row, the copy is still behind.
      expect(JSON.parse((await rawRequest(stack.catalog.url, { path: "/products/6" })).body).name).toBe("Newer in the catalog, the owner");
      expect(JSON.parse((await rawRequest(stack.shop.url, { path: "/products/6" })).body).name).not.toBe("Newer in the catalog, the owner");

      await stack.restartReverse();
      await settle();
      expect((await verifyWritePath(group, { repair: false })).drift).toEqual([]);
      expect(JSON.parse((await rawRequest(stack.shop.url, { path: "/products/6" })).body).name).toBe("Newer in the catalog, the owner");
    });

    it("carries a catalog write into the monolith once, and the monolith answers it exactly as the catalog does", async () => {
      const [shopBefore, catalogBefore] = [await changeLogRows(stack.shop.dataSource), await changeLogRows(stack.catalog.dataSource)];
      const created = await toCatalog("POST", "/products", { sku: "TWO-WAY-1", name: "Made in the catalog", priceCents: 1500, categoryId: 1 });
      expect(created.status).toBe(201);
      const id = JSON.parse(created.body).id as number;
      expect(id).toBe(21);
      await settle();
      const shopNew = (await changeLogRows(stack.shop.dataSource)).slice(shopBefore.length);
      const catalogNew = (await changeLogRows(stack.catalog.dataSource)).slice(catalogBefore.length);
      expect(catalogNew.map((row) => [row.table, row.origin])).toEqual([["products", "catalog"]]);
      expect(shopNew.map((row) => [row.table, row.origin])).toEqual([
        ["products", "catalog"],
        ["stock_levels", "catalog"],
      ]);
      const [fromShop, fromCatalog] = await Promise.all([rawRequest(stack.shop.url, { path: `/products/${id}` }), rawRequest(stack.catalog.url, { path: `/products/${id}` })]);
      expect(normaliseAnswer(fromShop)).toEqual(normaliseAnswer(fromCatalog));
      expect(JSON.parse((await rawRequest(stack.shop.url, { path: `/inventory/${id}` })).body).quantity).toBe(0);
    });

    it("lets the monolith take an order for a product created in the catalog, after which the catalog refuses to delete it", async () => {
      const created = await toCatalog("POST", "/products", { sku: "TWO-WAY-ORDERED", name: "Orderable", priceCents: 990, categoryId: 2 });
      const id = JSON.parse(created.body).id as number;
      await settle();
      expect((await toShop("PUT", `/inventory/${id}`, { quantity: 3 })).status).toBe(200);
      const login = await rawRequest(stack.shop.url, {
        method: "POST",
        path: "/customers/login",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "customer1@example.com", password: "sample-password" }),
      });
      const cookie = String(login.headers["set-cookie"]).split(";")[0];
      const order = await rawRequest(stack.shop.url, { method: "POST", path: "/orders", headers: { "content-type": "application/json", cookie }, body: JSON.stringify({ lines: [{ productId: id, quantity: 2 }] }) });
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
      expect(JSON.parse((await rawRequest(stack.shop.url, { path: `/categories/${category.id}` })).body).name).toBe("Two-way renamed");
      expect(JSON.parse((await rawRequest(stack.shop.url, { path: `/products/${product.id}` })).body)).toMatchObject({ priceCents: 7, active: false });
      expect((await toCatalog("DELETE", `/products/${product.id}`)).status).toBe(204);
      expect((await toCatalog("DELETE", `/categories/${category.id}`)).status).toBe(204);
      await settle();
      expect((await rawRequest(stack.shop.url, { path: `/products/${product.id}` })).status).toBe(404);
      expect((await rawRequest(stack.shop.url, { path: `/categories/${category.id}` })).status).toBe(404);
      expect((await rawRequest(stack.shop.url, { path: `/inventory/${product.id}` })).status).toBe(404);
    });

    it("under writes on both sides at once, takes the owner's, refuses the non-owner's moved tables, and applies every change exactly once in order", async () => {
      const [shopBefore, catalogBefore] = [(await changeLogRows(stack.shop.dataSource)).length, (await changeLogRows(stack.catalog.dataSource)).length];
      const owner: Array<Promise<{ status: number }>> = [];
      const other: Array<Promise<{ status: number; body: string }>> = [];
      for (let i = 0; i < 10; i += 1) {
        other.push(toShop("PATCH", `/products/${(i % 5) + 3}`, { priceCents: 100 + i }));
        owner.push(toCatalog("PATCH", `/products/${(i % 5) + 10}`, { priceCents: 200 + i }));
        owner.push(toShop("PUT", `/inventory/${(i % 5) + 3}`, { quantity: 10 + i }));
      }
      expect((await Promise.all(owner)).map((answer) => answer.status)).toEqual(Array(20).fill(200));
      const refused = await Promise.all(other);
      expect(refused.map((answer) => [answer.status, JSON.parse(answer.body).error.code])).toEqual(Array(10).fill([503, "SHOP_ERR_WRITE_FENCED"]));
      await settle();
      const shopLog = await changeLogRows(stack.shop.dataSource);
      const catalogLog = await changeLogRows(stack.catalog.dataSource);
      // The monolith logs its own stock writes and each catalog change it applied; the catalog logs only its own writes.
      expect(shopLog.length - shopBefore).toBe(20);
      expect(catalogLog.length - catalogBefore).toBe(10);

      await assertAppliedOnce(shopLog, stack.catalog.dataSource, { tables: FORWARD_TABLES, above: stack.forwardStart, ownOrigin: "catalog" });
      await assertAppliedOnce(catalogLog, stack.monolithTarget, { tables: REVERSE_TABLES, above: ownedFrom, ownOrigin: "monolith" });
      const report = await verifyService(catalogSync, stack.shop.dataSource, stack.catalog.dataSource);
      expect(report.drift).toEqual([]);
    });
  });
});
