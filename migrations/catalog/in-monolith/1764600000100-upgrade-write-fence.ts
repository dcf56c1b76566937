import type { MigrationInterface, QueryRunner } from "typeorm";
import { upgradeSqliteWriteFenceV2 } from "../../../cdc/sqlite/sqlite-write-fence-v2";

/**
 * Runs against the MONOLITH's database, owned by the catalog team: who holds each fence row (a
 * cut-over's lease, or `ownership` while the catalog owns the tables), so that only the holder lifts it.
 */
export class UpgradeWriteFence1764600000100 implements MigrationInterface {
  name = "UpgradeWriteFence1764600000100";

  async up(queryRunner: QueryRunner): Promise<void> {
    // The PostgreSQL fence (pg-write-fence-v1) has holders from the start.
    if (queryRunner.connection.options.type !== "postgres") await upgradeSqliteWriteFenceV2(queryRunner);
  }

  async down(): Promise<void> {
    // The holder column stays (SQLite before 3.35 cannot drop a column); v1 code ignores it.
  }
}
