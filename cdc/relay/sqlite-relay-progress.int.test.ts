import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { DataSource } from "typeorm";
import { sqliteOptions } from "../../platform";
import { defaultProgressFile, publishedThroughOf, readPublishedThrough, relayProgressPath, SqliteRelayProgress } from "./sqlite-relay-progress";

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "relay-progress-"));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("the relay's progress file", () => {
  it("lives beside the source database: <name>.sqlite → <name>.strangler.sqlite", () => {
    expect(relayProgressPath("/data/monolith.sqlite")).toBe("/data/monolith.strangler.sqlite");
    expect(relayProgressPath("/data/catalog.sqlite")).toBe("/data/catalog.strangler.sqlite");
    expect(defaultProgressFile(new DataSource(sqliteOptions(join(dir, "shop.sqlite"))))).toBe(join(dir, "shop.strangler.sqlite"));
    expect(() => defaultProgressFile(new DataSource(sqliteOptions(":memory:")))).toThrow(expect.objectContaining({ code: "CDC_ERR_NEEDS_FILE_DATABASE" }));
  });

  it("is created with its table on first open, keeps one row per source, and survives reopening", async () => {
    const file = join(dir, "shop.strangler.sqlite");
    expect(readPublishedThrough(file, "shop")).toBeNull();
    const progress = SqliteRelayProgress.open(file, "shop");
    expect(await progress.load()).toBeNull();
    expect(readPublishedThrough(file, "shop")).toBeNull();
    await progress.save(41);
    await progress.save(42);
    const other = SqliteRelayProgress.open(file, "other");
    await other.save(7);
    expect(readPublishedThrough(file, "shop")).toBe(42);
    await progress.close();
    await other.close();

    const reopened = SqliteRelayProgress.open(file, "shop");
    expect(await reopened.load()).toBe(42);
    await reopened.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.prepare(`SELECT "source", "published_through", "updated_at" FROM "relay_progress" ORDER BY "source"`).all()).toEqual([
      { source: "other", published_through: 7, updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
      { source: "shop", published_through: 42, updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
    ]);
    db.close();
  });

  it("is read without being created, and as 0 through publishedThroughOf while none is saved", async () => {
    const source = new DataSource(sqliteOptions(join(dir, "shop.sqlite")));
    const read = publishedThroughOf(defaultProgressFile(source), "shop");
    expect(await read()).toBe(0);
    expect(existsSync(join(dir, "shop.strangler.sqlite"))).toBe(false);
    const progress = SqliteRelayProgress.open(join(dir, "shop.strangler.sqlite"), "shop");
    await progress.save(9);
    expect(await read()).toBe(9);
    await progress.close();
  });
});
