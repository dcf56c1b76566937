import type { MigrationInterface, QueryRunner } from "typeorm";
import { DISCARDED_CHANGES_TABLE, installDiscardedChangesV1 } from "../../../cdc/sqlite/discarded-changes-v1";

/** Runs against the MONOLITH's database: the audit of discarded reverse-sync changes (shared; created only when absent, never dropped here). */
export class InstallDiscardedChanges1764970000103 implements MigrationInterface {
  name = "InstallDiscardedChanges1764970000103";

  async up(queryRunner: QueryRunner): Promise<void> {
    if (!(await queryRunner.hasTable(DISCARDED_CHANGES_TABLE))) await installDiscardedChangesV1(queryRunner);
  }

  async down(): Promise<void> {
    // Shared with other services' reverse consumers: left in place.
  }
}
