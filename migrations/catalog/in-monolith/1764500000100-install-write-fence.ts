import type { MigrationInterface, QueryRunner } from "typeorm";
import { installSqliteWriteFenceV1, uninstallSqliteWriteFenceV1 } from "../../../cdc/sqlite/sqlite-write-fence-v1";

const GUARDED = ["categories", "products"];

/**
 * Runs against the MONOLITH's database (monolith.sqlite), owned by the catalog team: the write fence
 * on the monolith's `categories` and `products`. While a fence row names one, the monolith's own
 * writes to it (and any other writer's that bypasses the proxy) are refused by the database; the
 * reverse sync passes (it marks its transactions with a capture origin). Installed unfenced; needs
 * the monolith's change capture (its own migration 1764100000000).
 */
export class InstallWriteFence1764500000100 implements MigrationInterface {
  name = "InstallWriteFence1764500000100";

  async up(queryRunner: QueryRunner): Promise<void> {
    await installSqliteWriteFenceV1(queryRunner, GUARDED);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await uninstallSqliteWriteFenceV1(queryRunner, GUARDED);
  }
}
