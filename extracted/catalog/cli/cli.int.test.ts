import { execFile } from "node:child_process";
import { join } from "node:path";
import Database from "better-sqlite3";
import { startMonolith, tempDir, type TempDir } from "../../../testing";

const ROOT = join(__dirname, "..", "..", "..");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function command(entry: string, dataDir: string, args: string[] = []): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", join(ROOT, entry), ...args], { cwd: ROOT, env: { PATH: process.env.PATH, STRANGLER_DATA_DIR: dataDir } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Changes a row of a database the way a stray writer that bypasses its write fence would. */
function tamper(file: string, sql: string): void {
  const db = new Database(file);
  db.transaction(() => {
    db.prepare(`UPDATE "_strangler_capture_context" SET "origin" = 'stray' WHERE "id" = 1`).run();
    db.prepare(sql).run();
    db.prepare(`UPDATE "_strangler_capture_context" SET "origin" = NULL WHERE "id" = 1`).run();
  })();
  db.close();
}

function setOwner(dir: string, owner: "monolith" | "service"): void {
  const catalog = new Database(join(dir, "catalog.sqlite"));
  catalog.prepare(`UPDATE "_strangler_ownership" SET "owner" = ?, "epoch" = "epoch" + 1 WHERE "write_group" = 'catalog-writes'`).run(owner);
  catalog.close();
}

describe("backfill and verify commands", () => {
  let dir: TempDir;

  beforeAll(async () => {
    dir = tempDir("catalog-cli-");
    const shop = await startMonolith({ dataDir: dir.path, seed: { categories: 3, products: 30, customers: 1, orders: 2 } });
    await shop.close();
  });

  afterAll(() => dir.remove());

  it("backfills with progress, verifies clean, names a corrupted row, and repairs it", async () => {
    const backfill = await command("extracted/catalog/cli/backfill-main.ts", dir.path);
    expect(backfill.code).toBe(0);
    expect(backfill.stdout).toMatch(/backfill products: 30\/30 rows \(all tables 33\/\d+\)/);

    const clean = await command("extracted/catalog/cli/verify-main.ts", dir.path);
    expect(clean).toMatchObject({ code: 0 });
    expect(clean.stdout).toContain("compared 33 row(s) of catalog-writes: 0 drifted key(s); owner: the monolith (a repair copies monolith → service)");

    tamper(join(dir.path, "catalog.sqlite"), `UPDATE "products" SET "description" = 'tampered' WHERE "legacy_id" = 12`);

    const drifted = await command("extracted/catalog/cli/verify-main.ts", dir.path);
    expect(drifted.code).toBe(2);
    expect(drifted.stdout).toMatch(/products 12: different \(description: expected ".*", found "tampered"\)/);
    expect(drifted.stderr).toContain("CATALOG_ERR_DRIFT");

    const repaired = await command("extracted/catalog/cli/verify-main.ts", dir.path, ["--repair"]);
    expect(repaired.code).toBe(0);
    expect(repaired.stdout).toContain("repaired: products 12: written in the catalog");
    expect(repaired.stdout).toContain("after repair: 0 drifted key(s)");
  }, 60_000);

  it("repairs from the catalog into the monolith once the catalog owns the writes, never the other way", async () => {
    setOwner(dir.path, "service");
    // The owner's row is the newer one: the monolith's copy is behind (a reverse sync that lagged).
    tamper(join(dir.path, "catalog.sqlite"), `UPDATE "products" SET "name" = 'owned by the catalog' WHERE "legacy_id" = 7`);

    const repaired = await command("extracted/catalog/cli/verify-main.ts", dir.path, ["--repair", "--json"]);

    expect(repaired.code).toBe(0);
    const report = JSON.parse(repaired.stdout) as { owner: string; copy: string; drift: string[]; repair: { repaired: string[]; after: { drift: string[] } } };
    expect(report).toMatchObject({ owner: "service", copy: "monolith", drift: [expect.stringContaining("products 7: different")] });
    expect(report.repair.repaired).toEqual(["products 7: written in the monolith"]);
    expect(report.repair.after.drift).toEqual([]);
    const monolith = new Database(join(dir.path, "monolith.sqlite"), { readonly: true });
    expect(monolith.prepare(`SELECT "name" FROM "products" WHERE "id" = 7`).get()).toEqual({ name: "owned by the catalog" });
    monolith.close();
    const catalog = new Database(join(dir.path, "catalog.sqlite"), { readonly: true });
    expect(catalog.prepare(`SELECT "name" FROM "products" WHERE "legacy_id" = 7`).get()).toEqual({ name: "owned by the catalog" });
    catalog.close();
    setOwner(dir.path, "monolith");
  }, 60_000);

  it("refuses a repair, changing nothing, while the owner's changes have not reached the copy", async () => {
    // A change in the monolith that no sync carried (no relay or consumer runs here), and a drifted copy.
    tamper(join(dir.path, "monolith.sqlite"), `UPDATE "products" SET "price_cents" = 999 WHERE "id" = 3`);
    const before = new Database(join(dir.path, "catalog.sqlite"), { readonly: true });
    const catalogRow = before.prepare(`SELECT * FROM "products" WHERE "legacy_id" = 3`).get();
    before.close();

    const refused = await command("extracted/catalog/cli/verify-main.ts", dir.path, ["--repair"]);

    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("CDC_ERR_REPAIR_REFUSED: repair refused: sync from the monolith (the owner) to the service has not drained");
    expect(refused.stderr).toContain("Nothing was changed.");
    const after = new Database(join(dir.path, "catalog.sqlite"), { readonly: true });
    expect(after.prepare(`SELECT * FROM "products" WHERE "legacy_id" = 3`).get()).toEqual(catalogRow);
    after.close();
  }, 60_000);
});
