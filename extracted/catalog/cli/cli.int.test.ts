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
    expect(clean.stdout).toContain("compared categories 3, products 30: 0 drifted key(s)");

    const db = new Database(join(dir.path, "catalog.sqlite"));
    db.prepare(`UPDATE "products" SET "description" = 'tampered' WHERE "legacy_id" = 12`).run();
    db.close();

    const drifted = await command("extracted/catalog/cli/verify-main.ts", dir.path);
    expect(drifted.code).toBe(2);
    expect(drifted.stdout).toMatch(/products 12: different \(description: expected ".*", found "tampered"\)/);
    expect(drifted.stderr).toContain("CATALOG_ERR_DRIFT");

    const repaired = await command("extracted/catalog/cli/verify-main.ts", dir.path, ["--repair"]);
    expect(repaired.code).toBe(0);
    expect(repaired.stdout).toContain("after repair: 0 drifted key(s)");
  });
});
