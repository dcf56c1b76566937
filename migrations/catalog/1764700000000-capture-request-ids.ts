import type { MigrationInterface, QueryRunner } from "typeorm";
import { downgradeSqliteCaptureV3ToV2, upgradeSqliteCaptureToV3 } from "../../cdc/sqlite/sqlite-capture-v3";

const TABLES = { categories: {}, products: {} };

/**
 * Capture v3 on the catalog's database: each change the catalog's own writers log carries the
 * request id its writer set in the capture context (the `x-request-id` the proxy forwarded), and
 * the relay puts it in the change event on `CDC_CATALOG`. Still local writes only, as v2.
 */
export class CaptureRequestIds1764700000000 implements MigrationInterface {
  name = "CaptureRequestIds1764700000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    // On PostgreSQL, capture logs request ids from the start (1764400000001).
    if (queryRunner.connection.options.type === "postgres") return;
    await upgradeSqliteCaptureToV3(queryRunner, TABLES);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === "postgres") return;
    await downgradeSqliteCaptureV3ToV2(queryRunner, TABLES);
  }
}
