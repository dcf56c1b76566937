import type { DataSource } from "typeorm";
import { tempPostgresDatabase, type TempPostgresDatabase } from "../../testing/postgres";
import { installPgCaptureV1 } from "../postgres/pg-capture-v1";
import { SqlChangeLog } from "../sqlite/sql-change-log";
import { installCapture } from "./install-capture";

// `strangler capture install` on PostgreSQL: capture v2 on a database without capture; a database
// whose capture is v1 keeps v1 (new tables get v1's triggers), and both are read alike.

describe("installCapture on PostgreSQL", () => {
  let database: TempPostgresDatabase;
  let db: DataSource;

  beforeEach(async () => {
    database = await tempPostgresDatabase();
    db = database.dataSource();
    await db.initialize();
    await db.query(`CREATE TABLE products (id integer PRIMARY KEY, name text NOT NULL)`);
    await db.query(`CREATE TABLE orders (id integer PRIMARY KEY, total integer NOT NULL)`);
  });

  afterEach(async () => {
    await db.destroy();
    await database.drop();
  });

  it("installs capture v2 on a database without capture", async () => {
    const status = await installCapture(db, { source: "monolith", tables: { products: {} } });
    expect(status).toMatchObject({ installed: true, version: 2, tables: ["public.products"] });
    await db.query(`INSERT INTO products VALUES (1, 'Mug'), (2, 'Cup')`);
    const log = await SqlChangeLog.open(db);
    const head = await log.head();
    expect((await log.readAfter(0, 10)).filter((c) => c.position <= head).map((c) => [c.position, c.key])).toEqual([
      [4096, { id: 1 }],
      [4097, { id: 2 }],
    ]);
  });

  it("keeps an existing v1 capture as v1, adds the new table's triggers, and the reader reads it as before", async () => {
    const runner = db.createQueryRunner();
    await installPgCaptureV1(runner, { source: "monolith", tables: { products: {} } });
    await runner.release();
    await db.query(`INSERT INTO products VALUES (1, 'Mug')`);
    const status = await installCapture(db, { source: "monolith", tables: { products: {}, orders: {} } });
    expect(status).toMatchObject({ installed: true, version: 1, tables: ["public.orders", "public.products"] });
    await db.query(`INSERT INTO orders VALUES (7, 100)`);
    const log = await SqlChangeLog.open(db);
    expect(await log.head()).toBe(2);
    expect((await log.readAfter(0, 10)).map((c) => [c.position, c.table])).toEqual([
      [1, "products"],
      [2, "orders"],
    ]);
  });
});
