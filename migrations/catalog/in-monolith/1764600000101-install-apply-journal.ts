import type { MigrationInterface, QueryRunner } from "typeorm";
import { installApplyJournalV1, uninstallApplyJournalV1 } from "../../../cdc/sqlite/apply-journal-v1";

/**
 * Runs against the MONOLITH's database, owned by the catalog team: the apply journal of the reverse
 * consumer. Empty (no write ever) unless STRANGLER_SYNC_JOURNAL is on (docs/cdc.md, "Apply journal").
 */
export class InstallApplyJournal1764600000101 implements MigrationInterface {
  name = "InstallApplyJournal1764600000101";

  async up(queryRunner: QueryRunner): Promise<void> {
    await installApplyJournalV1(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await uninstallApplyJournalV1(queryRunner);
  }
}
