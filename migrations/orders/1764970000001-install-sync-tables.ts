import type { MigrationInterface, QueryRunner } from "typeorm";
import { installBackfillTablesV1, uninstallBackfillTablesV1 } from "../../cdc/sqlite/backfill-tables-v1";
import { installConsumerTablesV1, uninstallConsumerTablesV1 } from "../../cdc/sqlite/consumer-tables-v1";

/** Sync bookkeeping of the orders database (TypeORM Table API: the same on SQLite and PostgreSQL): the consumer's tables (positions per row, parked changes, checkpoints) and the backfill's checkpoints. */
export class InstallSyncTables1764970000001 implements MigrationInterface {
  name = "InstallSyncTables1764970000001";

  async up(queryRunner: QueryRunner): Promise<void> {
    await installConsumerTablesV1(queryRunner);
    await installBackfillTablesV1(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await uninstallBackfillTablesV1(queryRunner);
    await uninstallConsumerTablesV1(queryRunner);
  }
}
