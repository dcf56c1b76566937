import type { MigrationInterface, QueryRunner } from "typeorm";
import { APPLIED_POSITIONS_TABLE, installConsumerTablesV1 } from "../../../cdc/sqlite/consumer-tables-v1";

/**
 * Runs against the MONOLITH's database, owned by the orders team: the consumer tables of the
 * reverse sync (orders → monolith). They are shared with any other service's reverse consumer
 * (rows are keyed by consumer and source), so they are created only when absent — the frozen
 * helper's index creation is not idempotent — and never dropped by this migration's down.
 */
export class InstallReverseSyncTables1764970000100 implements MigrationInterface {
  name = "InstallReverseSyncTables1764970000100";

  async up(queryRunner: QueryRunner): Promise<void> {
    if (!(await queryRunner.hasTable(APPLIED_POSITIONS_TABLE))) await installConsumerTablesV1(queryRunner);
  }

  async down(): Promise<void> {
    // Shared with other services' reverse consumers: left in place.
  }
}
