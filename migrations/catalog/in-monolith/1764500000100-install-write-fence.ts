import type { MigrationInterface, QueryRunner } from "typeorm";
import { installPgWriteFenceV1, uninstallPgWriteFenceV1 } from "../../../cdc/postgres/pg-write-fence-v1";
import { installSqliteWriteFenceV1, uninstallSqliteWriteFenceV1 } from "../../../cdc/sqlite/sqlite-write-fence-v1";

const GUARDED = ["categories", "products"];

/**
 * Runs against the MONOLITH's database (monolith.sqlite), owned by the catalog team: the write fence
 * on the monolith's `categories` and `products`. While a fence row names one, the monolith's own
 * writes to it (and any other writer's that bypasses the proxy) are refused by the database; the
 * reverse sync passes (it marks its transactions with a capture origin). Installed unfenced; needs
 * the monolith's change capture (its own migration 1764100000000).
 */
export class InstallWriteFence1764500000100 implements MigrationInterface {
  name = "InstallWriteFence1764500000100";

  async up(queryRunner: QueryRunner): Promise<void> {
    // A monolith on PostgreSQL (MONOLITH_DATABASE_URL): the PostgreSQL fence, holders included.
    if (queryRunner.connection.options.type === "postgres") await installPgWriteFenceV1(queryRunner, GUARDED);
    else await installSqliteWriteFenceV1(queryRunner, GUARDED);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === "postgres") await uninstallPgWriteFenceV1(queryRunner, GUARDED);
    else await uninstallSqliteWriteFenceV1(queryRunner, GUARDED);
  }
}
