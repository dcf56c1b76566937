import { join } from "node:path";
import type { DataSource } from "typeorm";
import { ordersMigrations } from "../../migrations/orders";
import { tempDir, tempPostgresDatabase, type TempDir, type TempPostgresDatabase } from "../../testing";
import { createOrdersDataSource, openOrdersDatabase } from "./data-source";

/** The tables every orders database holds after its migrations (the service's own, then the toolkit's). */
const OWN_TABLES = ["customer_sessions", "order_lines", "order_products", "orders", "orders_legacy_ids"];
const MOVED = ["orders", "order_lines"];
const ALL_MIGRATIONS = ordersMigrations.map((migration) => new migration().name);

/**
 * After every migration of orders.sqlite, the moved tables still carry their capture triggers (the
 * reverse sync's source) and their write-fence triggers. A migration that rebuilds a SQLite table
 * (TypeORM's addColumn does) drops both silently: orders written by the service would never reach
 * the monolith, and a fenced table would take writes.
 */
describe("orders.sqlite migrations", () => {
  let dir: TempDir;
  beforeAll(() => {
    dir = tempDir("orders-migrations-");
  });
  afterAll(() => dir.remove());

  it("leave the capture and fence triggers of orders and order_lines in place", async () => {
    const db = createOrdersDataSource(join(dir.path, "orders.sqlite"));
    expect(await openOrdersDatabase(db)).toEqual(ALL_MIGRATIONS);
    try {
      for (const table of MOVED) {
        const triggers = ((await db.query(`SELECT "name" FROM "sqlite_master" WHERE "type" = 'trigger' AND "tbl_name" = ? ORDER BY "name"`, [table])) as Array<{ name: string }>).map((row) => row.name);
        expect(triggers).toEqual(
          expect.arrayContaining([`_strangler_capture_${table}_insert`, `_strangler_capture_${table}_update`, `_strangler_capture_${table}_delete`, `_strangler_fence_${table}_insert`, `_strangler_fence_${table}_update`, `_strangler_fence_${table}_delete`]),
        );
      }
      expect(await db.query(`SELECT "write_group", "owner", "epoch" FROM "_strangler_ownership"`)).toEqual([{ write_group: "orders-writes", owner: "monolith", epoch: 0 }]);
    } finally {
      await db.destroy();
    }
  });
});

/** Tables of a PostgreSQL schema. */
const tablesOf = async (db: DataSource, schema: string): Promise<string[]> =>
  (await db.query(`SELECT table_name AS "name" FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`, [schema])).map((row: { name: string }) => row.name);

/** The toolkit's triggers on a PostgreSQL table, by name. */
const triggersOf = async (db: DataSource, table: string): Promise<string[]> =>
  (await db.query(`SELECT t.tgname AS "name" FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relname = $1 AND NOT t.tgisinternal ORDER BY 1`, [table])).map(
    (row: { name: string }) => row.name,
  );

/**
 * The same migrations on PostgreSQL (ORDERS_DATABASE_URL): where orders.sqlite takes SQLite capture
 * v3 and fence v1 → v2, a PostgreSQL orders database gets pg-capture-v1 (local writes only, with
 * request ids) upgraded to v2, the PostgreSQL fence and the first ownership record with the monolith as owner.
 */
describe("the orders migrations on PostgreSQL", () => {
  let database: TempPostgresDatabase;
  let db: DataSource;

  beforeAll(async () => {
    database = await tempPostgresDatabase("strangler_orders_migrations");
    db = createOrdersDataSource(database.url);
  });

  afterAll(async () => {
    if (db?.isInitialized) await db.destroy();
    await database?.drop();
  });

  it("run on a fresh database: the service's tables, the toolkit's bookkeeping and the log in the schema strangler", async () => {
    expect(await openOrdersDatabase(db)).toEqual(ALL_MIGRATIONS);
    expect(await tablesOf(db, "public")).toEqual(expect.arrayContaining([...OWN_TABLES, "_strangler_applied_positions", "_strangler_legacy_calls", "_strangler_ownership", "migrations"]));
    expect(await tablesOf(db, "strangler")).toEqual(["capture_context", "changes", "write_fence"]);
    // Installed as v1, then upgraded to v2 (no lock across commits) by the last migration.
    expect(await db.query(`SELECT source, capture_version AS "version" FROM strangler.capture_context`)).toEqual([{ source: "orders", version: 2 }]);
    expect((await db.query(`SELECT column_name AS "name" FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'stock_key'`)).length).toBe(1);
  });

  it("put capture, TRUNCATE's refusal and the write fence on orders and order_lines only, and start as the non-owner", async () => {
    for (const table of MOVED) expect(await triggersOf(db, table)).toEqual(["strangler_capture", "strangler_capture_truncate", "strangler_write_fence"]);
    for (const table of ["customer_sessions", "order_products"]) expect(await triggersOf(db, table)).toEqual([]);
    expect(await db.query(`SELECT "write_group", "owner", "epoch" FROM "_strangler_ownership"`)).toEqual([{ write_group: "orders-writes", owner: "monolith", epoch: 0 }]);
    expect(await db.query(`SELECT table_name, fenced, holder FROM strangler.write_fence ORDER BY table_name`)).toEqual([
      { table_name: "order_lines", fenced: true, holder: "ownership" },
      { table_name: "orders", fenced: true, holder: "ownership" },
    ]);
  });

  it("log only the service's own writes (a sync applier's are skipped), with the writer's request id", async () => {
    await db.query(`UPDATE strangler.write_fence SET fenced = false`);
    await db.transaction(async (tx) => {
      await tx.query(`SELECT set_config('strangler.origin', 'monolith', true)`);
      await tx.query(`INSERT INTO "orders" ("id", "legacy_id", "customer_legacy_id", "status", "total_minor", "currency", "created_at", "updated_at") VALUES ('o-1', 1, 1, 'placed', 100, 'EUR', 'a', 'a')`);
    });
    await db.transaction(async (tx) => {
      await tx.query(`SELECT set_config('strangler.request_id', 'req-1', true)`);
      await tx.query(`INSERT INTO "orders" ("id", "legacy_id", "customer_legacy_id", "status", "total_minor", "currency", "created_at", "updated_at", "stock_key") VALUES ('o-2', 2, 1, 'placed', 100, 'EUR', 'a', 'a', 'k')`);
    });
    const changes = await db.query(`SELECT table_name, op, origin, request_id, new_row FROM strangler.changes ORDER BY position`);
    expect(changes.map((change: { table_name: string; op: string; origin: string; request_id: string }) => [change.table_name, change.op, change.origin, change.request_id])).toEqual([["orders", "insert", "orders", "req-1"]]);
    expect(JSON.parse(changes[0].new_row)).toMatchObject({ legacy_id: 2, stock_key: "k" });
    await db.transaction(async (tx) => {
      await tx.query(`SELECT set_config('strangler.origin', 'monolith', true)`);
      await tx.query(`DELETE FROM "orders"`);
    });
  });

  it("undo to an empty database and apply again", async () => {
    for (let undone = 0; undone < ordersMigrations.length; undone++) await db.undoLastMigration({ transaction: "each" });
    expect(await tablesOf(db, "strangler")).toEqual([]);
    expect(await tablesOf(db, "public")).toEqual(["migrations"]);
    expect(await openOrdersDatabase(db)).toEqual(ALL_MIGRATIONS);
    for (const table of MOVED) expect(await triggersOf(db, table)).toEqual(["strangler_capture", "strangler_capture_truncate", "strangler_write_fence"]);
  });
});
