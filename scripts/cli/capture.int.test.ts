import { join } from "node:path";
import Database from "better-sqlite3";
import { runCli, tempDir, tempPostgresDatabase, type CliResult, type TempDir, type TempPostgresDatabase } from "../../testing";

// Every test spawns the real bin (a second or more each on a busy machine): generous timeouts.
jest.setTimeout(90_000);

const cli = (...args: string[]): Promise<CliResult> => runCli({ ...process.env }, ...args);

describe("strangler capture install|status|uninstall on PostgreSQL", () => {
  let database: TempPostgresDatabase;

  beforeAll(async () => {
    database = await tempPostgresDatabase();
    const client = await database.client();
    await client.query(`CREATE TABLE products (id integer PRIMARY KEY, name text NOT NULL)`);
    await client.query(`CREATE SCHEMA shop`);
    await client.query(`CREATE TABLE shop.customers (id integer PRIMARY KEY, email text NOT NULL, password_hash text)`);
    await client.query(`INSERT INTO products VALUES (1, 'Mug')`);
    await client.end();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it("installs (twice, idempotently), logs writes without the excluded column, refuses a second source, and uninstalls without a trace", async () => {
    const install = ["capture", "install", "--db", database.url, "--tables", "products,shop.customers", "--exclude", "shop.customers.password_hash"];
    const first = await cli(...install, "--json");
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ dialect: "postgres", installed: true, source: "monolith", tables: ["public.products", "shop.customers"], changes: 0 });
    expect((await cli(...install)).code).toBe(0);

    const client = await database.client();
    await client.query(`INSERT INTO shop.customers VALUES (1, 'a@example.com', 'secret-hash')`);
    await client.query(`UPDATE products SET name = 'Big mug' WHERE id = 1`);
    const status = await cli("capture", "status", "--db", database.url, "--json");
    // A new PostgreSQL install is capture v2: each transaction's changes take a block of 4096 positions.
    expect(JSON.parse(status.stdout)).toMatchObject({ installed: true, version: 2, changes: 2, head: 8192 });
    const logged = await client.query(`SELECT table_name, new_row FROM strangler.changes ORDER BY position`);
    expect(logged.rows.map((row) => row.table_name)).toEqual(["customers", "products"]);
    expect(JSON.stringify(logged.rows)).not.toContain("secret-hash");

    const other = await cli("capture", "install", "--db", database.url, "--tables", "products", "--source", "shop");
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/installed in this database with source "monolith", not "shop"; nothing was changed\. Fix: pass --source monolith/);

    const refused = await cli("capture", "uninstall", "--db", database.url);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/still holds 2 changes .*nothing was removed.*--force/);
    expect(JSON.parse((await cli("capture", "status", "--db", database.url, "--json")).stdout)).toMatchObject({ installed: true, changes: 2 });

    const removed = await cli("capture", "uninstall", "--db", database.url, "--force");
    expect(removed.code).toBe(0);
    expect((await client.query(`SELECT nspname FROM pg_namespace WHERE nspname = 'strangler'`)).rows).toEqual([]);
    expect((await client.query(`SELECT tgname FROM pg_trigger WHERE NOT tgisinternal`)).rows).toEqual([]);
    expect((await client.query(`SELECT id, name FROM products`)).rows).toEqual([{ id: 1, name: "Big mug" }]);
    await client.end();
    expect(JSON.parse((await cli("capture", "status", "--db", database.url, "--json")).stdout)).toMatchObject({ installed: false, tables: [] });
  });

  it("installs nothing when one table cannot be captured (one transaction)", async () => {
    const result = await cli("capture", "install", "--db", database.url, "--tables", "products,missing");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Cannot capture table "public\.missing": it does not exist/);
    expect(JSON.parse((await cli("capture", "status", "--db", database.url, "--json")).stdout)).toMatchObject({ installed: false, tables: [] });
  });
});

describe("strangler capture on a SQLite file", () => {
  let dir: TempDir;
  let file: string;

  beforeAll(() => {
    dir = tempDir("capture-cli-");
    file = join(dir.path, "app.sqlite");
    const db = new Database(file);
    db.exec(`CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, cost INTEGER)`);
    db.close();
  });

  afterAll(() => dir?.remove());

  it("installs, logs, and uninstalls with the same verbs", async () => {
    expect((await cli("capture", "install", "--db", file, "--tables", "products", "--exclude", "products.cost")).code).toBe(0);
    expect((await cli("capture", "install", "--db", file, "--tables", "products", "--exclude", "products.cost")).code).toBe(0);
    const db = new Database(file);
    db.prepare(`INSERT INTO products VALUES (1, 'Mug', 300)`).run();
    expect(db.prepare(`SELECT "table_name", "new_row" FROM "_strangler_changes"`).all()).toEqual([{ table_name: "products", new_row: `{"id":1,"name":"Mug"}` }]);
    db.close();
    const status = await cli("capture", "status", "--db", file);
    expect(status.stdout).toMatch(/capture is installed in .*app\.sqlite \(sqlite\), source "monolith"/);
    expect(status.stdout).toMatch(/log: 1 changes, head position 1/);
    expect((await cli("capture", "uninstall", "--db", file, "--force")).code).toBe(0);
    const after = new Database(file);
    expect(after.prepare(`SELECT "name" FROM "sqlite_master" WHERE "name" LIKE '%strangler%'`).all()).toEqual([]);
    expect(after.prepare(`SELECT * FROM products`).all()).toEqual([{ id: 1, name: "Mug", cost: 300 }]);
    after.close();
  });

  it("says what is wrong with the command line (exit 2) or the database (exit 1), and changes nothing", async () => {
    const noTables = await cli("capture", "install", "--db", file, "--tables", " , ");
    expect(noTables.code).toBe(2);
    expect(noTables.stderr).toMatch(/--tables names no table\. Fix: --tables products,categories/);
    const badExclude = await cli("capture", "install", "--db", file, "--tables", "products", "--exclude", "cost");
    expect(badExclude.code).toBe(2);
    expect(badExclude.stderr).toMatch(/--exclude cost: give <table>\.<column>/);
    const missing = await cli("capture", "status", "--db", join(dir.path, "typo.sqlite"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no such SQLite file\. Fix:/);
    const scheme = await cli("capture", "status", "--db", "mysql://127.0.0.1/app");
    expect(scheme.code).toBe(1);
    expect(scheme.stderr).toMatch(/only PostgreSQL URLs \(postgres:\/\/…\) and SQLite file paths are supported/);
    expect(JSON.parse((await cli("capture", "status", "--db", file, "--json")).stdout)).toMatchObject({ installed: false, tables: [] });
  });
});
