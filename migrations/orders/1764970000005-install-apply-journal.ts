import type { MigrationInterface, QueryRunner } from "typeorm";
import { installApplyJournalV1, uninstallApplyJournalV1 } from "../../cdc/sqlite/apply-journal-v1";

/** The apply journal of the orders' forward consumer (empty unless STRANGLER_SYNC_JOURNAL is on; docs/cdc.md). */
export class InstallApplyJournal1764970000005 implements MigrationInterface {
  name = "InstallApplyJournal1764970000005";

  async up(queryRunner: QueryRunner): Promise<void> {
    await installApplyJournalV1(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await uninstallApplyJournalV1(queryRunner);
  }
}
