import type { MigrationInterface, QueryRunner } from "typeorm";
import { installPgWriteFenceV1, uninstallPgWriteFenceV1 } from "../../cdc/postgres/pg-write-fence-v1";
import { installSqliteWriteFenceV1, uninstallSqliteWriteFenceV1 } from "../../cdc/sqlite/sqlite-write-fence-v1";
import { upgradeSqliteWriteFenceV2 } from "../../cdc/sqlite/sqlite-write-fence-v2";

const GUARDED = ["orders", "order_lines"];

/**
 * The write fence on the orders database, with a holder per fence row: while a fence row names
 * `orders` or `order_lines`, only sync (forward consumer, backfill, repair) writes them. Needs the
 * capture (before). SQLite: fence v1 upgraded to v2 (holders); PostgreSQL (ORDERS_DATABASE_URL):
 * pg-write-fence-v1, which has holders and is also the serialization point of a cut-over.
 */
export class InstallWriteFence1764970000003 implements MigrationInterface {
  name = "InstallWriteFence1764970000003";

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === "postgres") return installPgWriteFenceV1(queryRunner, GUARDED);
    await installSqliteWriteFenceV1(queryRunner, GUARDED);
    await upgradeSqliteWriteFenceV2(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === "postgres") await uninstallPgWriteFenceV1(queryRunner, GUARDED);
    else await uninstallSqliteWriteFenceV1(queryRunner, GUARDED);
  }
}
