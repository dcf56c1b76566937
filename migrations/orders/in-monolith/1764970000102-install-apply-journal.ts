import type { MigrationInterface, QueryRunner } from "typeorm";
import { APPLY_JOURNAL_TABLE, installApplyJournalV1 } from "../../../cdc/sqlite/apply-journal-v1";

/** Runs against the MONOLITH's database: the reverse consumer's apply journal (shared; created only when absent, never dropped here). */
export class InstallApplyJournal1764970000102 implements MigrationInterface {
  name = "InstallApplyJournal1764970000102";

  async up(queryRunner: QueryRunner): Promise<void> {
    if (!(await queryRunner.hasTable(APPLY_JOURNAL_TABLE))) await installApplyJournalV1(queryRunner);
  }

  async down(): Promise<void> {
    // Shared with other services' reverse consumers: left in place.
  }
}
