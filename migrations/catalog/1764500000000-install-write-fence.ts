import type { MigrationInterface, QueryRunner } from "typeorm";
import { installPgWriteFenceV1, uninstallPgWriteFenceV1 } from "../../cdc/postgres/pg-write-fence-v1";
import { installSqliteWriteFenceV1, uninstallSqliteWriteFenceV1 } from "../../cdc/sqlite/sqlite-write-fence-v1";

const GUARDED = ["categories", "products"];

/**
 * The write fence on the CATALOG's database: while a fence row names `categories` or `products`,
 * the database refuses every write to them except those of sync (forward consumer, backfill, repair),
 * which mark their transactions with a capture origin. Set and lifted at run time by a write cut-over
 * (`setWriteFence`/`liftWriteFence`); installed unfenced. Needs the catalog's change capture (before).
 */
export class InstallWriteFence1764500000000 implements MigrationInterface {
  name = "InstallWriteFence1764500000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === "postgres") await installPgWriteFenceV1(queryRunner, GUARDED);
    else await installSqliteWriteFenceV1(queryRunner, GUARDED);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === "postgres") await uninstallPgWriteFenceV1(queryRunner, GUARDED);
    else await uninstallSqliteWriteFenceV1(queryRunner, GUARDED);
  }
}
