import type { MigrationInterface, QueryRunner } from "typeorm";
import { downgradeSqliteCaptureV4, upgradeSqliteCaptureToV4 } from "../../cdc/sqlite/sqlite-capture-v4";

// Capture v4 on the shop database: every write still logged, and each logged change stamped with
// the commit-group clock (`_strangler_tx_clock`), so the relay publishes the changes of one source
// transaction as one group and consumers apply it atomically (docs/cdc.md, "Transactions").
// It upgrades each of these tables whose capture triggers are installed when it runs (the v1
// install, 1764100000000; `sessions` once 1764960000000 captured it), with the same exclusions.
const CANDIDATES: Record<string, { exclude?: string[] }> = {
  categories: {},
  products: {},
  stock_levels: {},
  customers: { exclude: ["password_hash"] },
  orders: {},
  order_lines: {},
  sessions: {},
};

async function capturedTables(queryRunner: QueryRunner): Promise<Record<string, { exclude?: string[] }>> {
  const triggers = Object.keys(CANDIDATES).map((table) => `_strangler_capture_${table}_insert`);
  const rows: Array<{ name: string }> = await queryRunner.query(`SELECT "name" FROM "sqlite_master" WHERE "type" = 'trigger' AND "name" IN (${triggers.map(() => "?").join(", ")})`, triggers);
  const names = new Set(rows.map((row) => row.name));
  return Object.fromEntries(Object.entries(CANDIDATES).filter(([table]) => names.has(`_strangler_capture_${table}_insert`)));
}

export class StampCommitGroups1765000000000 implements MigrationInterface {
  name = "StampCommitGroups1765000000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await upgradeSqliteCaptureToV4(queryRunner, { tables: await capturedTables(queryRunner), flavour: "all-writes" });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await downgradeSqliteCaptureV4(queryRunner, { tables: await capturedTables(queryRunner), flavour: "all-writes" });
  }
}
