import "reflect-metadata";
import request from "supertest";
import type { DataSource } from "typeorm";
import { OwnershipKeeper, readWriteFence, setWriteFence, liftWriteFence, WriteGroup, type WriteGroup as Group } from "../../cdc";
import { startMonolith, tempDir, type RunningMonolith, type TempDir } from "../../testing";
import { startCatalog, type RunningCatalog } from "../../testing/catalog";
import { MOVED_TABLES } from ".";
import { backfillService, openMonolithTarget, serviceWritePath } from "../../service-kit";
import { catalogSync } from "./sync";

jest.setTimeout(30_000);

const fenced = async (db: DataSource) => (await readWriteFence(db)).map((row) => [row.table, row.holder]);
const past = () => new Date(Date.now() - 1000).toISOString();

/** The ownership keeper on the real monolith and catalog databases (the proxy's part is proved end to end). */
describe("the catalog's ownership keeper", () => {
  let dir: TempDir;
  let shop: RunningMonolith;
  let catalog: RunningCatalog;
  let monolith: DataSource;
  let group: Group;
  let keeper: OwnershipKeeper;

  /** A cut-over whose process died after fencing the monolith: its lease expired, its fences stayed. */
  async function deadCutover(committed: boolean): Promise<void> {
    await catalog.dataSource.query(
      `INSERT INTO "_strangler_cutover_lease" ("write_group", "lease_id", "holder", "from_owner", "to_owner", "reason", "started_at", "expires_at", "step") VALUES ('catalog-writes', 'dead-lease', 'strangler-cutover:gone:1', 'monolith', 'service', 'test', ?, ?, 'drain')`,
      [past(), past()],
    );
    await setWriteFence(monolith, MOVED_TABLES, "cut-over", "dead-lease");
    if (committed) await catalog.dataSource.query(`UPDATE "_strangler_ownership" SET "owner" = 'service', "epoch" = "epoch" + 1 WHERE "write_group" = 'catalog-writes'`);
  }

  beforeAll(async () => {
    dir = tempDir("keeper-");
    shop = await startMonolith({ dataDir: dir.path, seed: { categories: 2, products: 5, customers: 1, orders: 1 } });
    catalog = await startCatalog({ dataDir: dir.path });
    await backfillService(catalogSync, shop.dataSource, catalog.dataSource);
    monolith = await openMonolithTarget(catalogSync, dir.file("monolith.sqlite"));
    group = new WriteGroup(serviceWritePath(catalogSync, monolith, catalog.dataSource));
    keeper = new OwnershipKeeper(group, { holder: "keeper:test" });
  });

  afterAll(async () => {
    await monolith?.destroy();
    await catalog?.close();
    await shop?.close();
    dir?.remove();
  });

  it("finds a new catalog database fenced and owned by the monolith, and only reads while all agrees", async () => {
    expect(await group.record()).toMatchObject({ owner: "monolith", epoch: 0 });
    expect(await fenced(catalog.dataSource)).toEqual([
      ["categories", "ownership"],
      ["products", "ownership"],
    ]);
    // Rows written by the keeper's own connections (it uses these two DataSources): none on a quiet look.
    const written = async () => [(await catalog.dataSource.query(`SELECT total_changes() AS "n"`))[0].n, (await monolith.query(`SELECT total_changes() AS "n"`))[0].n];
    const before = await written();

    expect(await keeper.tick()).toEqual({ outcome: "idle", done: [] });
    expect(await written()).toEqual(before);
  });

  it("fences the non-owner again when its fence was lifted by hand", async () => {
    await liftWriteFence(catalog.dataSource, MOVED_TABLES);

    expect(await keeper.tick()).toEqual({ outcome: "settled", done: ["fence categories, products in the service's database (it does not own catalog-writes)"] });
    expect((await fenced(catalog.dataSource)).map(([table]) => table)).toEqual(MOVED_TABLES);
    expect(await group.leases.read("catalog-writes")).toBeNull();
  });

  it("leaves a live cut-over alone", async () => {
    const held = await group.leases.acquire({ group: "catalog-writes", holder: "strangler-cutover:here:1", from: "monolith", to: "service", reason: "test", leaseMs: 30_000 });
    await setWriteFence(monolith, MOVED_TABLES, "cut-over", held!.leaseId);

    expect(await keeper.tick()).toEqual({ outcome: "busy", done: [] });
    expect((await fenced(monolith)).map(([table]) => table)).toEqual(MOVED_TABLES);
    await liftWriteFence(monolith, MOVED_TABLES, { onlyHolder: held!.leaseId });
    await group.leases.release(held!);
  });

  it("undoes a dead cut-over that had not committed: the monolith keeps the writes and is opened again", async () => {
    await deadCutover(false);

    const tick = await keeper.tick();

    expect(tick.outcome).toBe("settled");
    expect(tick.done).toEqual(["open categories, products in the monolith's database (it owns catalog-writes)"]);
    expect(await group.record()).toMatchObject({ owner: "monolith" });
    expect(await fenced(monolith)).toEqual([]);
    expect((await fenced(catalog.dataSource)).map(([table]) => table)).toEqual(MOVED_TABLES);
    expect(await group.leases.read("catalog-writes")).toBeNull();
    // The monolith takes its catalog writes again.
    expect((await request(shop.url).patch("/products/1").set("authorization", `Bearer ${shop.adminToken}`).send({ name: "writable again" })).status).toBe(200);
  });

  it("finishes a dead cut-over that had committed: the catalog is opened, the monolith stays fenced", async () => {
    await deadCutover(true);

    const tick = await keeper.tick();

    expect(tick.done).toEqual(["open categories, products in the service's database (it owns catalog-writes)"]);
    expect(await group.record()).toMatchObject({ owner: "service", epoch: 1 });
    expect(await fenced(catalog.dataSource)).toEqual([]);
    expect(await fenced(monolith)).toEqual([
      ["categories", "dead-lease"],
      ["products", "dead-lease"],
    ]);
    expect(await group.leases.read("catalog-writes")).toBeNull();
    const refused = await request(shop.url).patch("/products/1").set("authorization", `Bearer ${shop.adminToken}`).send({ name: "behind the proxy's back" });
    expect([refused.status, refused.body.error.code]).toEqual([503, "SHOP_ERR_WRITE_FENCED"]);
  });
});
