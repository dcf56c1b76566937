import type { DataSource } from "typeorm";
import { tempPostgresDatabase, type TempPostgresDatabase } from "../../testing/postgres";
import { SqlChangeLog } from "../sqlite/sql-change-log";
import { installPgCaptureV1, uninstallPgCaptureV1 } from "./pg-capture-v1";

let database: TempPostgresDatabase;
let db: DataSource;

async function install(options: { localOnly?: boolean } = {}): Promise<void> {
  const runner = db.createQueryRunner();
  try {
    await installPgCaptureV1(runner, { source: "shop", tables: { products: { exclude: ["secret"] }, "inventory.lines": {} }, ...options });
  } finally {
    await runner.release();
  }
}

const changes = async () => (await SqlChangeLog.open(db)).readAfter(0, 1000);

beforeEach(async () => {
  database = await tempPostgresDatabase();
  db = database.dataSource();
  await db.initialize();
  await db.query(`CREATE TABLE products (id integer PRIMARY KEY, name text NOT NULL, price_cents integer NOT NULL, active boolean NOT NULL DEFAULT true, secret text)`);
  await db.query(`CREATE SCHEMA inventory`);
  await db.query(`CREATE TABLE inventory.lines (order_id integer, line_no integer, qty integer NOT NULL, PRIMARY KEY (order_id, line_no))`);
});

afterEach(async () => {
  await db.destroy();
  await database.drop();
});

describe("PostgreSQL capture v1 on a real database", () => {
  it("logs inserts, updates, key changes and deletes in the writer's transaction, without excluded columns", async () => {
    await install();
    await db.query(`INSERT INTO products (id, name, price_cents, secret) VALUES (1, 'Mug', 900, 'x'), (2, 'Pen', 150, 'y')`);
    await db.query(`UPDATE products SET price_cents = 950 WHERE id = 1`);
    await db.query(`UPDATE products SET id = 20 WHERE id = 2`);
    await db.query(`DELETE FROM products WHERE id = 1`);
    await db.query(`INSERT INTO inventory.lines VALUES (7, 1, 3)`);
    const log = await changes();
    expect(log.map((c) => [c.position, c.op, c.table, c.key, c.previousPosition])).toEqual([
      [1, "insert", "products", { id: 1 }, null],
      [2, "insert", "products", { id: 2 }, null],
      [3, "update", "products", { id: 1 }, 1],
      [4, "delete", "products", { id: 2 }, 2],
      [5, "insert", "products", { id: 20 }, null],
      [6, "delete", "products", { id: 1 }, 3],
      [7, "insert", "lines", { order_id: 7, line_no: 1 }, null],
    ]);
    expect(log[2].before).toEqual({ id: 1, name: "Mug", price_cents: 900, active: true });
    expect(log[2].after).toEqual({ id: 1, name: "Mug", price_cents: 950, active: true });
    expect(log.every((c) => c.origin === "shop" && c.requestId === null && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(c.committedAt))).toBe(true);
    expect(JSON.stringify(log)).not.toContain("secret");
  });

  it("does not log a write of excluded columns only, and refuses TRUNCATE (which it could not see)", async () => {
    await install();
    await db.query(`INSERT INTO products (id, name, price_cents) VALUES (1, 'Mug', 900)`);
    await db.query(`UPDATE products SET secret = 'changed' WHERE id = 1`);
    await expect(db.query(`TRUNCATE products`)).rejects.toThrow(/TRUNCATE of public\.products is refused/);
    expect(await db.query(`SELECT count(*)::int AS n FROM products`)).toEqual([{ n: 1 }]);
    expect((await changes()).map((c) => c.op)).toEqual(["insert"]);
  });

  it("gives a rolled-back transaction or savepoint no positions, and numbers a transaction's changes consecutively", async () => {
    await install();
    const runner = db.createQueryRunner();
    await runner.startTransaction();
    await runner.query(`INSERT INTO products (id, name, price_cents) VALUES (1, 'Mug', 900)`);
    await runner.rollbackTransaction();
    await runner.startTransaction();
    await runner.query(`INSERT INTO products (id, name, price_cents) VALUES (2, 'Pen', 150)`);
    await runner.query(`SAVEPOINT s`);
    await runner.query(`INSERT INTO products (id, name, price_cents) VALUES (3, 'Cup', 300)`);
    await runner.query(`ROLLBACK TO SAVEPOINT s`);
    await runner.query(`INSERT INTO inventory.lines VALUES (1, 1, 1)`);
    await runner.commitTransaction();
    await runner.release();
    const log = await changes();
    expect(log.map((c) => [c.position, c.table, c.key])).toEqual([
      [1, "products", { id: 2 }],
      [2, "lines", { order_id: 1, line_no: 1 }],
    ]);
  });

  it("records a sync applier's origin, or skips its writes when the database logs local writes only", async () => {
    await install();
    const applied = async (id: number) => {
      await db.transaction(async (tx) => {
        await tx.query(`SELECT set_config('strangler.origin', 'catalog', true), set_config('strangler.request_id', 'req-1', true)`);
        await tx.query(`INSERT INTO products (id, name, price_cents) VALUES ($1, 'Synced', 1)`, [id]);
      });
    };
    await applied(1);
    await db.query(`INSERT INTO products (id, name, price_cents) VALUES (2, 'Local', 1)`);
    expect((await changes()).map((c) => [c.key, c.origin, c.requestId])).toEqual([
      [{ id: 1 }, "catalog", "req-1"],
      [{ id: 2 }, "shop", null],
    ]);
    await install({ localOnly: true });
    await applied(3);
    await db.query(`INSERT INTO products (id, name, price_cents) VALUES (4, 'Local', 1)`);
    expect((await changes()).map((c) => c.key)).toEqual([{ id: 1 }, { id: 2 }, { id: 4 }]);
  });

  it("installs twice without harm, and uninstall removes every trace while the application's data stays", async () => {
    await install();
    await install();
    await db.query(`INSERT INTO products (id, name, price_cents) VALUES (1, 'Mug', 900)`);
    expect(await changes()).toHaveLength(1);
    const runner = db.createQueryRunner();
    await uninstallPgCaptureV1(runner, { tables: ["products", "inventory.lines"], dropLog: true });
    await runner.release();
    expect(await db.query(`SELECT nspname FROM pg_namespace WHERE nspname = 'strangler'`)).toEqual([]);
    expect(await db.query(`SELECT tgname FROM pg_trigger WHERE NOT tgisinternal`)).toEqual([]);
    expect(await db.query(`SELECT proname FROM pg_proc WHERE proname IN ('capture_row', 'number_change', 'refuse_truncate')`)).toEqual([]);
    await db.query(`INSERT INTO products (id, name, price_cents) VALUES (2, 'Pen', 150)`);
    await db.query(`TRUNCATE products`);
  });

  it("names the problem when a table cannot be captured", async () => {
    const runner = db.createQueryRunner();
    await db.query(`CREATE TABLE keyless (a integer)`);
    await expect(installPgCaptureV1(runner, { source: "shop", tables: { missing: {} } })).rejects.toThrow(/Cannot capture table "public\.missing": it does not exist/);
    await expect(installPgCaptureV1(runner, { source: "shop", tables: { keyless: {} } })).rejects.toThrow(/"public\.keyless": it has no primary key/);
    await expect(installPgCaptureV1(runner, { source: "shop", tables: { products: { exclude: ["id"] } } })).rejects.toThrow(/Cannot exclude primary-key column id/);
    await expect(installPgCaptureV1(runner, { source: "shop", tables: { products: { exclude: ["nope"] } } })).rejects.toThrow(/Cannot exclude nope from "public\.products": no such column/);
    await runner.release();
  });
});
