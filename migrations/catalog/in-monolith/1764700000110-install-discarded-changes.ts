import type { MigrationInterface, QueryRunner } from "typeorm";
import { installDiscardedChangesV1, uninstallDiscardedChangesV1 } from "../../../cdc/sqlite/discarded-changes-v1";

/**
 * Runs against the MONOLITH's database, owned by the catalog team: the audit of parked changes an
 * operator discarded from the reverse consumer (catalog → monolith), beside its parked-changes table
 * so a discard and its audit row commit in one transaction.
 */
export class InstallDiscardedChanges1764700000110 implements MigrationInterface {
  name = "InstallDiscardedChanges1764700000110";

  async up(queryRunner: QueryRunner): Promise<void> {
    await installDiscardedChangesV1(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await uninstallDiscardedChangesV1(queryRunner);
  }
}
