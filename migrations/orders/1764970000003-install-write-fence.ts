import type { MigrationInterface, QueryRunner } from "typeorm";
import { installSqliteWriteFenceV1, uninstallSqliteWriteFenceV1 } from "../../cdc/sqlite/sqlite-write-fence-v1";
import { upgradeSqliteWriteFenceV2 } from "../../cdc/sqlite/sqlite-write-fence-v2";

const GUARDED = ["orders", "order_lines"];

/**
 * The write fence on orders.sqlite, with a holder per fence row (v2): while a fence row names
 * `orders` or `order_lines`, only sync (forward consumer, backfill, repair) writes them. Needs the
 * capture (before).
 */
export class InstallWriteFence1764970000003 implements MigrationInterface {
  name = "InstallWriteFence1764970000003";

  async up(queryRunner: QueryRunner): Promise<void> {
    await installSqliteWriteFenceV1(queryRunner, GUARDED);
    await upgradeSqliteWriteFenceV2(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await uninstallSqliteWriteFenceV1(queryRunner, GUARDED);
  }
}
