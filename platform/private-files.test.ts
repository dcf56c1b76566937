import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makePrivateDir, readOrCreateSecretFile, writePrivateFile } from "./private-files";
import { openMigrated, sqliteDataSource } from "./sqlite-database";

const modeOf = (path: string) => statSync(path).mode & 0o777;
let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "private-files-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// Jest runs with the usual umask 022: each of these must be private without restrictFileModes().
describe("private files under the data folder", () => {
  it("creates folders 0700, parents included", () => {
    makePrivateDir(join(dir, "a", "b"));
    expect(modeOf(join(dir, "a"))).toBe(0o700);
    expect(modeOf(join(dir, "a", "b"))).toBe(0o700);
  });

  it("writes files 0600, also over a file that was world-readable", () => {
    const file = join(dir, "backup.json");
    writeFileSync(file, "{}", { mode: 0o644 });
    writePrivateFile(file, '{"a":1}');
    expect(modeOf(file)).toBe(0o600);
  });

  it("keeps a secret in a 0600 file: created once, read back, an old 0644 file made private", () => {
    const file = join(dir, "admin-token");
    const first = readOrCreateSecretFile(file, () => "a-fresh-random-secret");
    expect(first).toBe("a-fresh-random-secret");
    expect(modeOf(file)).toBe(0o600);
    expect(readOrCreateSecretFile(file, () => "another")).toBe(first);
    writeFileSync(file, "old-token-0123456789\n", { mode: 0o644 });
    expect(readOrCreateSecretFile(file, () => "another")).toBe("old-token-0123456789");
    expect(modeOf(file)).toBe(0o600);
  });

  it("opens every SQLite database 0600, and its -wal and -shm with it", async () => {
    const file = join(dir, "data.sqlite");
    const db = sqliteDataSource(file, { entities: [], migrations: [] });
    await openMigrated(db);
    await db.query("CREATE TABLE t (x INTEGER)");
    await db.query("INSERT INTO t VALUES (1)");
    try {
      for (const path of [file, `${file}-wal`, `${file}-shm`]) {
        expect(existsSync(path)).toBe(true);
        expect([path, modeOf(path)]).toEqual([path, 0o600]);
      }
    } finally {
      await db.destroy();
    }
  });
});
