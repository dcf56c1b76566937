import "reflect-metadata";
import type { DataSource } from "typeorm";
import { tempPostgresDatabase, type TempPostgresDatabase } from "../testing/postgres";
import { monolithMigrations } from "../migrations/monolith";
import { createShopDataSource, openShopDatabase } from "./data-source";

const SHOP_TABLES = ["categories", "customers", "order_lines", "orders", "products", "sessions", "stock_levels", "stock_movements"];
/** The tables the capture migrations name (1764100000000 and 1764960000000); stock_movements is not captured. */
const CAPTURED = ["categories", "customers", "order_lines", "orders", "products", "sessions", "stock_levels"];

const tablesOf = async (db: DataSource, schema: string): Promise<string[]> =>
  (await db.query(`SELECT table_name AS "name" FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`, [schema])).map((row: { name: string }) => row.name);

/** Tables of `public` that carry the capture trigger. */
const capturedTables = async (db: DataSource): Promise<string[]> =>
  (
    await db.query(
      `SELECT c.relname AS "name" FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE t.tgname = 'strangler_capture' AND n.nspname = 'public' ORDER BY 1`,
    )
  ).map((row: { name: string }) => row.name);

describe("the monolith's migrations on PostgreSQL", () => {
  let database: TempPostgresDatabase;
  let db: DataSource;

  beforeAll(async () => {
    database = await tempPostgresDatabase("strangler_shop_migrations");
    db = createShopDataSource(database.url);
  });

  afterAll(async () => {
    if (db?.isInitialized) await db.destroy();
    await database?.drop();
  });

  it("creates every table of the shop on a fresh database, and the capture log in the schema strangler", async () => {
    expect(await openShopDatabase(db)).toEqual(monolithMigrations.map((migration) => new migration().name));
    expect(await tablesOf(db, "public")).toEqual([...SHOP_TABLES, "migrations"].sort());
    expect(await tablesOf(db, "strangler")).toEqual(["capture_context", "changes"]);
    expect(await db.query(`SELECT source FROM strangler.capture_context`)).toEqual([{ source: "monolith" }]);
  });

  it("puts the capture trigger on each captured table, and TRUNCATE's refusal beside it", async () => {
    expect(await capturedTables(db)).toEqual(CAPTURED);
    const [{ n }] = await db.query(`SELECT CAST(COUNT(*) AS INTEGER) AS n FROM pg_trigger WHERE tgname = 'strangler_capture_truncate'`);
    expect(n).toBe(CAPTURED.length);
  });

  it("captures a write with the source monolith, never the customer's password hash", async () => {
    await db.query(`INSERT INTO customers (email, name, password_hash, created_at, updated_at) VALUES ('m@example.test', 'M', 'scrypt$secret', 'a', 'a')`);
    const [change] = await db.query(`SELECT table_name, op, origin, new_row FROM strangler.changes ORDER BY id DESC LIMIT 1`);
    expect(change).toMatchObject({ table_name: "customers", op: "insert", origin: "monolith" });
    expect(JSON.parse(change.new_row)).toMatchObject({ email: "m@example.test" });
    expect(change.new_row).not.toContain("password_hash");
    await expect(db.query(`TRUNCATE customers CASCADE`)).rejects.toThrow();
    await db.query(`DELETE FROM customers`);
  });

  it("removes the triggers, the log and the tables when undone, and applies again", async () => {
    for (let undone = 0; undone < monolithMigrations.length; undone++) await db.undoLastMigration({ transaction: "each" });
    expect(await capturedTables(db)).toEqual([]);
    expect(await tablesOf(db, "strangler")).toEqual([]);
    expect(await tablesOf(db, "public")).toEqual(["migrations"]);
    expect(await openShopDatabase(db)).toHaveLength(monolithMigrations.length);
    expect(await capturedTables(db)).toEqual(CAPTURED);
  });
});
