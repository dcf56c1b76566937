import type { MigrationInterface, QueryRunner } from "typeorm";
import { installDiscardedChangesV1, uninstallDiscardedChangesV1 } from "../../cdc/sqlite/discarded-changes-v1";

/**
 * The audit of parked changes an operator discarded from the catalog's forward consumer
 * (`strangler sync discard`, `POST /internal/sync/parked/discard`): written in the transaction that
 * deletes them from `_strangler_parked_changes`, never deleted itself.
 */
export class InstallDiscardedChanges1764700000010 implements MigrationInterface {
  name = "InstallDiscardedChanges1764700000010";

  async up(queryRunner: QueryRunner): Promise<void> {
    await installDiscardedChangesV1(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await uninstallDiscardedChangesV1(queryRunner);
  }
}
