import type { MigrationInterface, QueryRunner } from "typeorm";
import { downgradePgCaptureV2ToV1, upgradePgCaptureV1ToV2 } from "../../cdc/postgres/pg-capture-v2";

// On PostgreSQL the shop's capture moves from v1 (positions numbered under one lock: captured
// commits went one at a time) to v2 (a block of positions per transaction, read up to a safe
// horizon: cdc/postgres/pg-capture-v2.ts, docs/postgres.md). The capture triggers on the tables
// stay; the upgrade replaces the log's numbering trigger while the shop writes (it waits for the
// transactions that logged changes to end, in tries of 200 ms). Nothing to do on SQLite.
export class PostgresCaptureV21765000000000 implements MigrationInterface {
  name = "PostgresCaptureV21765000000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === "postgres") await upgradePgCaptureV1ToV2(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === "postgres") await downgradePgCaptureV2ToV1(queryRunner, "monolith");
  }
}
