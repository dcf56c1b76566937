import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataSource } from "typeorm";
import { monolithMigrations } from "../../migrations/monolith";
import { InstallChangeCapture1764100000000 } from "../../migrations/monolith/1764100000000-install-change-capture";
import { sqliteOptions } from "../../platform";
import { SqlChangeLog } from "./sql-change-log";

let dir: string;
let db: DataSource;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "strangler-monolith-capture-"));
  db = new DataSource({ ...sqliteOptions(join(dir, "monolith.sqlite")), migrations: monolithMigrations });
  await db.initialize();
  await db.runMigrations();
});

afterAll(async () => {
  if (db?.isInitialized) await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe("change capture on the monolith database", () => {
  it("logs raw-SQL writes of the captured shop tables (sessions since the orders service's session bridge) with origin monolith, without password hashes", async () => {
    const now = new Date().toISOString();
    await db.query(`INSERT INTO "categories" ("slug", "name", "created_at", "updated_at") VALUES ('pens', 'Pens', ?, ?)`, [now, now]);
    await db.query(`INSERT INTO "customers" ("email", "name", "password_hash", "created_at", "updated_at") VALUES ('a@example.com', 'Ada', 'scrypt$secret', ?, ?)`, [now, now]);
    await db.query(`INSERT INTO "sessions" ("token_hash", "customer_id", "created_at", "expires_at") VALUES ('t', 1, ?, ?)`, [now, now]);
    const changes = await (await SqlChangeLog.open(db)).readUnpublished(0, 100);
    expect(changes.map((change) => [change.table, change.op, change.origin])).toEqual([
      ["categories", "insert", "monolith"],
      ["customers", "insert", "monolith"],
      ["sessions", "insert", "monolith"],
    ]);
    expect(changes[1].after).toMatchObject({ email: "a@example.com", name: "Ada" });
    expect(changes[1].after).not.toHaveProperty("password_hash");
  });

  it("removes every capture trigger and the change log with the migrations' downs", async () => {
    // The migrations after the install (more captured tables, …) go down first.
    for (;;) {
      const executed: Array<{ name: string }> = await db.query(`SELECT "name" FROM "migrations" ORDER BY "id" DESC`);
      if (!executed.some((row) => row.name === new InstallChangeCapture1764100000000().name)) break;
      await db.undoLastMigration();
    }
    const leftovers: unknown[] = await db.query(`SELECT "name" FROM "sqlite_master" WHERE "name" LIKE '_strangler_%'`);
    expect(leftovers).toEqual([]);
  });
});
