import type { MigrationInterface, QueryRunner } from "typeorm";
import { installBackfillTablesV1, uninstallBackfillTablesV1 } from "../../cdc/sqlite/backfill-tables-v1";
import { installConsumerTablesV1, uninstallConsumerTablesV1 } from "../../cdc/sqlite/consumer-tables-v1";

/**
 * Sync bookkeeping of the catalog database: the consumer's tables (applied position per row,
 * parked changes, checkpoints) and the backfill's checkpoint per source table, which cdc/backfill
 * reads and writes (documented in docs/catalog.md, "Backfill").
 */
export class InstallSyncTables1764300000001 implements MigrationInterface {
  name = "InstallSyncTables1764300000001";

  async up(queryRunner: QueryRunner): Promise<void> {
    await installConsumerTablesV1(queryRunner);
    await installBackfillTablesV1(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await uninstallBackfillTablesV1(queryRunner);
    await uninstallConsumerTablesV1(queryRunner);
  }
}
