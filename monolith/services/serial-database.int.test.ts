import Database from "better-sqlite3";
import { DataSource } from "typeorm";
import { sqliteOptions } from "../../platform";
import { tempDir, type TempDir } from "../../testing";
import { SerialDatabase } from "./serial-database";

describe("SerialDatabase on a real SQLite file another connection writes to", () => {
  let dir: TempDir;
  let dataSource: DataSource;
  let other: Database.Database;

  beforeEach(async () => {
    dir = tempDir("serial-db-");
    dataSource = new DataSource({ ...sqliteOptions(dir.file("shop.sqlite")), entities: [], migrations: [] });
    await dataSource.initialize();
    await dataSource.query(`CREATE TABLE "notes" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "text" TEXT NOT NULL)`);
    // A second connection, as the change relay or a sync consumer holds one.
    other = new Database(dir.file("shop.sqlite"));
    other.pragma("busy_timeout = 5000");
  });

  afterEach(async () => {
    other.close();
    await dataSource.destroy();
    dir.remove();
  });

  it("runs a unit again when another connection commits between its read and its write, and commits it once", async () => {
    const db = new SerialDatabase(dataSource);
    let runs = 0;

    const seen = await db.write(async (tx) => {
      runs += 1;
      const [{ count }] = await tx.query(`SELECT COUNT(*) AS "count" FROM "notes"`);
      if (runs === 1) other.prepare(`INSERT INTO "notes" ("text") VALUES ('from the relay')`).run();
      await tx.query(`INSERT INTO "notes" ("text") VALUES (?)`, [`unit saw ${count}`]);
      return Number(count);
    });

    expect(runs).toBe(2);
    expect(seen).toBe(1);
    expect(await dataSource.query(`SELECT "text" FROM "notes" ORDER BY "id"`)).toEqual([{ text: "from the relay" }, { text: "unit saw 1" }]);
  });
});
