import type { MigrationInterface, QueryRunner } from "typeorm";
import { downgradePgCaptureV2ToV1, upgradePgCaptureV1ToV2 } from "../../cdc/postgres/pg-capture-v2";

// On PostgreSQL (CATALOG_DATABASE_URL) the catalog service's capture of its own writes moves from v1
// (captured commits numbered one at a time under a lock) to v2 (a block of positions per transaction,
// read up to a safe horizon: cdc/postgres/pg-capture-v2.ts, docs/postgres.md), as the monolith's did.
// The capture triggers on the tables (local writes only) stay; only the log's numbering changes,
// while the service writes. Nothing to do on SQLite.
export class PostgresCaptureV21765000000100 implements MigrationInterface {
  name = "PostgresCaptureV21765000000100";

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === "postgres") await upgradePgCaptureV1ToV2(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === "postgres") await downgradePgCaptureV2ToV1(queryRunner, "catalog");
  }
}
