import type { MigrationInterface, QueryRunner } from "typeorm";
import { installDiscardedChangesV1, uninstallDiscardedChangesV1 } from "../../cdc/sqlite/discarded-changes-v1";

/** The audit of parked changes an operator discarded from the orders' forward consumer (`strangler sync discard`). */
export class InstallDiscardedChanges1764970000006 implements MigrationInterface {
  name = "InstallDiscardedChanges1764970000006";

  async up(queryRunner: QueryRunner): Promise<void> {
    await installDiscardedChangesV1(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await uninstallDiscardedChangesV1(queryRunner);
  }
}
