import type { MigrationInterface, QueryRunner } from "typeorm";
import { installPgWriteFenceV1, uninstallPgWriteFenceV1 } from "../../../cdc/postgres/pg-write-fence-v1";
import { installSqliteWriteFenceV1, uninstallSqliteWriteFenceV1 } from "../../../cdc/sqlite/sqlite-write-fence-v1";
import { upgradeSqliteWriteFenceV2 } from "../../../cdc/sqlite/sqlite-write-fence-v2";

const GUARDED = ["orders", "order_lines"];

/**
 * Runs against the MONOLITH's database, owned by the orders team: the write fence (with holders)
 * on the monolith's `orders` and `order_lines`, installed unfenced. The fence table is shared with
 * other services' fences (created if missing; its holder column added once).
 */
export class InstallWriteFence1764970000101 implements MigrationInterface {
  name = "InstallWriteFence1764970000101";

  async up(queryRunner: QueryRunner): Promise<void> {
    // A monolith on PostgreSQL (MONOLITH_DATABASE_URL): the PostgreSQL fence, holders included.
    if (queryRunner.connection.options.type === "postgres") return installPgWriteFenceV1(queryRunner, GUARDED);
    await installSqliteWriteFenceV1(queryRunner, GUARDED);
    await upgradeSqliteWriteFenceV2(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === "postgres") await uninstallPgWriteFenceV1(queryRunner, GUARDED);
    else await uninstallSqliteWriteFenceV1(queryRunner, GUARDED);
  }
}
