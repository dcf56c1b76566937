import type { MigrationInterface, QueryRunner } from "typeorm";
import { APPLY_JOURNAL_TABLE, installApplyJournalV1 } from "../../../cdc/sqlite/apply-journal-v1";

/**
 * Runs against the MONOLITH's database, owned by the catalog team: the apply journal of the reverse
 * consumer. Empty (no write ever) unless STRANGLER_SYNC_JOURNAL is on (docs/cdc.md, "Apply journal").
 */
export class InstallApplyJournal1764600000101 implements MigrationInterface {
  name = "InstallApplyJournal1764600000101";

  async up(queryRunner: QueryRunner): Promise<void> {
    // Shared by every service's reverse consumer (rows keyed by consumer and source): another service may have created it.
    if (!(await queryRunner.hasTable(APPLY_JOURNAL_TABLE))) await installApplyJournalV1(queryRunner);
  }

  async down(): Promise<void> {
    // Shared with other services' reverse consumers: left in place.
  }
}
