import "reflect-metadata";
import { join } from "node:path";
import request from "supertest";
import type { DataSource } from "typeorm";
import type { ChangeEvent } from "../../../contracts";
import { SqlTargetStore } from "../../../cdc";
import { createLogger } from "../../../platform";
import { tempDir, type TempDir } from "../../../testing";
import { createCatalogApp } from "../app";
import { createCatalogDataSource, openCatalogDatabase } from "../data-source";
import { catalogMapping } from "../sync";
import { MONOLITH_SOURCE, forwardDurable } from "../../../service-kit";
import { catalogSync } from "../sync";

const productInsert = (id: number, position: number): ChangeEvent => ({
  kind: "change",
  id: `monolith:${position}`,
  source: "monolith",
  position,
  previousPosition: null,
  table: "products",
  op: "insert",
  key: { id },
  before: null,
  after: { id, sku: `SKU-${id}`, name: `Parked ${id}`, description: "", price_cents: 1234, category_id: 1, active: 1, created_at: "2026-01-01T00:00:00.000Z", updated_at: "2026-01-01T00:00:00.000Z" },
  committedAt: "2026-01-01T00:00:00.000Z",
  origin: "monolith",
});

describe("the catalog's parked-change endpoints", () => {
  let dir: TempDir;
  let db: DataSource;
  let store: SqlTargetStore;
  let app: ReturnType<typeof createCatalogApp>;

  beforeAll(async () => {
    dir = tempDir("catalog-parked-");
    db = createCatalogDataSource(join(dir.path, "catalog.sqlite"));
    await openCatalogDatabase(db);
    // The consumer's own target store plays the running consumer: same tables, same replay.
    store = new SqlTargetStore({ db, consumer: forwardDurable(catalogSync), source: MONOLITH_SOURCE, mapping: catalogMapping, ownOrigin: "catalog", targetHasCapture: true });
    await store.park(productInsert(7, 41), "mapping failed: database is locked", 8, new Date("2026-01-01T00:00:01.000Z"));
    await store.park(productInsert(8, 42), "mapping failed: database is locked", 8, new Date("2026-01-01T00:00:01.000Z"));
    app = createCatalogApp({ dataSource: db, logger: createLogger({ service: "catalog", silent: true }), parked: () => store });
  });

  afterAll(async () => {
    await db?.destroy();
    dir?.remove();
  });

  it("lists every parked change with its table, key, reason and attempts", async () => {
    const answer = await request(app).get("/internal/sync/parked");
    expect(answer.status).toBe(200);
    expect(answer.body.service).toBe("catalog");
    expect(answer.body.parked).toEqual([
      expect.objectContaining({ source: "monolith", position: 41, table: "products", key: '{"id":7}', op: "insert", reason: "mapping failed: database is locked", attempts: 8 }),
      expect.objectContaining({ position: 42, key: '{"id":8}' }),
    ]);
  });

  it("filters the list by a bare numeric key", async () => {
    const answer = await request(app).get("/internal/sync/parked?key=8");
    expect(answer.body.parked.map((change: { position: number }) => change.position)).toEqual([42]);
  });

  it("refuses a replay body naming neither a key nor all, and replays nothing", async () => {
    const answer = await request(app).post("/internal/sync/parked/replay").send({ everything: "please" });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe("SHOP_ERR_VALIDATION");
    expect((await store.listParked()).length).toBe(2);
  });

  it("replays one key through the consumer: the row appears and only the other change stays parked", async () => {
    expect((await request(app).get("/products/7")).status).toBe(404);
    const answer = await request(app).post("/internal/sync/parked/replay").send({ key: "7" });
    expect(answer.body).toEqual({ service: "catalog", replayed: 1, stillParked: 0 });
    expect((await request(app).get("/products/7")).body).toMatchObject({ id: 7, name: "Parked 7", priceCents: 1234 });
    expect((await request(app).get("/internal/sync/parked")).body.parked.map((change: { key: string }) => change.key)).toEqual(['{"id":8}']);
  });

  it("replays everything with all: true", async () => {
    const answer = await request(app).post("/internal/sync/parked/replay").send({ all: true });
    expect(answer.body).toEqual({ service: "catalog", replayed: 1, stillParked: 0 });
    expect((await request(app).get("/products/8")).status).toBe(200);
  });

  it("refuses a discard without a reason or a key with 400 in the envelope, discarding nothing", async () => {
    await store.park(productInsert(9, 50), "mapping failed: CHECK constraint failed", 8, new Date("2026-01-01T00:00:01.000Z"));
    for (const body of [{ key: "9" }, { key: "9", reason: "   " }, { reason: "no key" }, { key: "9", reason: "why", everything: true }]) {
      const answer = await request(app).post("/internal/sync/parked/discard").send(body);
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe("SHOP_ERR_VALIDATION");
    }
    const noReason = await request(app).post("/internal/sync/parked/discard").send({ key: "9" });
    expect(noReason.body.error.fields).toEqual([expect.objectContaining({ field: "reason" })]);
    expect((await store.listParked()).map((change) => change.position)).toEqual([50]);
  });

  it("refuses a bare key that names parked changes of two tables (409), then discards the one named with its table, audited", async () => {
    await store.park({ ...productInsert(9, 51), table: "categories", after: { id: 9, name: "Lamps", slug: "lamps", created_at: "2026-01-01T00:00:00.000Z", updated_at: "2026-01-01T00:00:00.000Z" } }, "mapping failed", 8, new Date());
    const ambiguous = await request(app).post("/internal/sync/parked/discard").send({ key: "9", reason: "drop it" });
    expect(ambiguous.status).toBe(409);
    expect(ambiguous.body.error).toMatchObject({ code: "CATALOG_ERR_DISCARD_AMBIGUOUS", message: expect.stringContaining("monolith:products, monolith:categories") });
    expect((await store.listParked()).length).toBe(2);

    const answer = await request(app).post("/internal/sync/parked/discard").set("x-actor", "dashboard:bob").send({ key: "9", table: "products", source: "monolith", reason: "SKU deleted upstream by hand" });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ service: "catalog", discarded: 1, stillParked: 1 });
    expect((await request(app).get("/internal/sync/parked")).body.parked.map((change: { position: number }) => change.position)).toEqual([51]);
    expect(await db.query(`SELECT "position", "table_name", "key", "reason", "actor", "parked_reason" FROM "_strangler_discarded_changes"`)).toEqual([
      { position: 50, table_name: "products", key: '{"id":9}', reason: "SKU deleted upstream by hand", actor: "dashboard:bob", parked_reason: "mapping failed: CHECK constraint failed" },
    ]);
    expect((await request(app).get("/products/9")).status).toBe(404);

    const actor = await request(app).post("/internal/sync/parked/discard").send({ key: '{"id":9}', reason: "category gone", actor: "strangler-cli:carol" });
    expect(actor.body).toEqual({ service: "catalog", discarded: 1, stillParked: 0 });
    expect(await db.query(`SELECT "actor" FROM "_strangler_discarded_changes" WHERE "position" = 51`)).toEqual([{ actor: "strangler-cli:carol" }]);
  });

  it("answers a discard of a key with nothing parked with discarded 0", async () => {
    const answer = await request(app).post("/internal/sync/parked/discard").send({ key: "12345", reason: "already gone?" });
    expect(answer.body).toEqual({ service: "catalog", discarded: 0, stillParked: 0 });
  });

  it("answers 503 naming the cause while sync is off", async () => {
    const withoutSync = createCatalogApp({ dataSource: db, logger: createLogger({ service: "catalog", silent: true }) });
    const answer = await request(withoutSync).get("/internal/sync/parked");
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe("CATALOG_ERR_SYNC_UNAVAILABLE");
    const discard = await request(withoutSync).post("/internal/sync/parked/discard").send({ key: "7", reason: "why" });
    expect(discard.status).toBe(503);
    expect(discard.body.error.code).toBe("CATALOG_ERR_SYNC_UNAVAILABLE");
  });
});
