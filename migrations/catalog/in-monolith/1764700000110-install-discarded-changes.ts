import type { MigrationInterface, QueryRunner } from "typeorm";
import { DISCARDED_CHANGES_TABLE, installDiscardedChangesV1 } from "../../../cdc/sqlite/discarded-changes-v1";

/**
 * Runs against the MONOLITH's database, owned by the catalog team: the audit of parked changes an
 * operator discarded from the reverse consumer (catalog → monolith), beside its parked-changes table
 * so a discard and its audit row commit in one transaction.
 */
export class InstallDiscardedChanges1764700000110 implements MigrationInterface {
  name = "InstallDiscardedChanges1764700000110";

  async up(queryRunner: QueryRunner): Promise<void> {
    // Shared by every service's reverse consumer (rows keyed by consumer and source): another service may have created it.
    if (!(await queryRunner.hasTable(DISCARDED_CHANGES_TABLE))) await installDiscardedChangesV1(queryRunner);
  }

  async down(): Promise<void> {
    // Shared with other services' reverse consumers: left in place.
  }
}
