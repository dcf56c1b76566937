import type { MigrationInterface, QueryRunner } from "typeorm";
import { APPLIED_POSITIONS_TABLE, installConsumerTablesV1 } from "../../../cdc/sqlite/consumer-tables-v1";

/**
 * Runs against the MONOLITH's database (monolith.sqlite), owned by the catalog team: the consumer
 * tables of the reverse sync (applied position per row, parked changes, checkpoint), which must sit
 * in the target database to commit in the same transaction as the rows they guard. Tracked in its
 * own migrations table (`_catalog_reverse_sync_migrations`), so the monolith's migrations are untouched.
 */
export class InstallReverseSyncTables1764400000100 implements MigrationInterface {
  name = "InstallReverseSyncTables1764400000100";

  async up(queryRunner: QueryRunner): Promise<void> {
    // Shared by every service's reverse consumer (rows keyed by consumer and source): another service may have created it.
    if (!(await queryRunner.hasTable(APPLIED_POSITIONS_TABLE))) await installConsumerTablesV1(queryRunner);
  }

  async down(): Promise<void> {
    // Shared with other services' reverse consumers: left in place.
  }
}
