import { execFile } from "node:child_process";
import { join } from "node:path";
import Database from "better-sqlite3";
import { startMonolith, tempDir, type TempDir } from "../../../testing";
import { logIn } from "../../../testing/orders";

const ROOT = join(__dirname, "..", "..", "..");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one of the service's commands as `strangler sync backfill orders` / `strangler verify orders` do: a process of its own. */
function command(entry: string, dataDir: string, args: string[] = []): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", join(ROOT, entry), ...args], { cwd: ROOT, env: { PATH: process.env.PATH, STRANGLER_DATA_DIR: dataDir } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Changes a row of orders.sqlite as a stray writer past the write fence would. */
function tamper(file: string, sql: string): void {
  const db = new Database(file);
  db.transaction(() => {
    db.prepare(`UPDATE "_strangler_capture_context" SET "origin" = 'stray' WHERE "id" = 1`).run();
    db.prepare(sql).run();
    db.prepare(`UPDATE "_strangler_capture_context" SET "origin" = NULL WHERE "id" = 1`).run();
  })();
  db.close();
}

describe("the orders backfill and verify commands", () => {
  let dir: TempDir;
  let rows: number;

  beforeAll(async () => {
    dir = tempDir("orders-cli-");
    const shop = await startMonolith({ dataDir: dir.path, seed: { categories: 2, products: 10, customers: 2, orders: 40 } });
    await logIn(shop.url, 1);
    const [count] = await shop.dataSource.query(`SELECT (SELECT COUNT(*) FROM "orders") + (SELECT COUNT(*) FROM "order_lines") + (SELECT COUNT(*) FROM "sessions") AS "n"`);
    rows = Number(count.n);
    await shop.close();
  });

  afterAll(() => dir.remove());

  it("backfills with progress (exit 0), verifies clean (exit 0), names a drifted key (exit 2) and repairs it (exit 0)", async () => {
    const backfill = await command("extracted/orders/cli/backfill-main.ts", dir.path);
    expect(backfill.code).toBe(0);
    expect(backfill.stdout).toMatch(/backfill orders: 40\/40 rows/);

    const clean = await command("extracted/orders/cli/verify-main.ts", dir.path);
    expect(clean).toMatchObject({ code: 0 });
    expect(clean.stdout).toContain(`compared ${rows} row(s) of orders-writes: 0 drifted key(s); owner: the monolith (a repair copies monolith → service)`);

    tamper(join(dir.path, "orders.sqlite"), `UPDATE "orders" SET "status" = 'cancelled', "total_minor" = 1 WHERE "legacy_id" = 7`);
    const drifted = await command("extracted/orders/cli/verify-main.ts", dir.path);
    expect(drifted.code).toBe(2);
    expect(drifted.stdout).toMatch(/orders 7: different \(.*total_minor.*\)/);
    expect(drifted.stderr).toContain("ORDERS_ERR_DRIFT");

    const repaired = await command("extracted/orders/cli/verify-main.ts", dir.path, ["--repair"]);
    expect(repaired.code).toBe(0);
    expect(repaired.stdout).toContain("repaired: orders 7: written in the orders");
    expect(repaired.stdout).toContain("after repair: 0 drifted key(s)");
  }, 90_000);

  it("runs again without copying anything (the backfill is complete and resumable)", async () => {
    const again = await command("extracted/orders/cli/backfill-main.ts", dir.path);
    expect(again.code).toBe(0);
    const clean = await command("extracted/orders/cli/verify-main.ts", dir.path, ["--json"]);
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout)).toMatchObject({ group: "orders-writes", owner: "monolith", drift: [] });
  }, 60_000);
});
