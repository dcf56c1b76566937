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
import { catalogMapping, SYNC_DURABLE, SYNC_SOURCE } from "../sync";

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
    store = new SqlTargetStore({ db, consumer: SYNC_DURABLE, source: SYNC_SOURCE, mapping: catalogMapping, ownOrigin: "catalog", targetHasCapture: true });
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

  it("answers 503 naming the cause while sync is off", async () => {
    const withoutSync = createCatalogApp({ dataSource: db, logger: createLogger({ service: "catalog", silent: true }) });
    const answer = await request(withoutSync).get("/internal/sync/parked");
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe("CATALOG_ERR_SYNC_UNAVAILABLE");
  });
});
