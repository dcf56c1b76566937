import type { MigrationInterface, QueryRunner } from "typeorm";
import { downgradeSqliteCaptureToV1, upgradeSqliteCaptureToLocalOnlyV2 } from "../../cdc/sqlite/sqlite-capture-v2";

const TABLES = { categories: {}, products: {} };

/**
 * The catalog's change log keeps only the catalog's own writes (capture v2): what sync copied in
 * from the monolith is already in the monolith's log. Before, every forward-synced row was logged
 * here with origin `monolith`, relayed, and recorded by the reverse consumer in monolith.sqlite —
 * a write into the legacy database for each of its own writes.
 */
export class CaptureLocalWritesOnly1764600000000 implements MigrationInterface {
  name = "CaptureLocalWritesOnly1764600000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    // On PostgreSQL, capture was installed local-only from the start (1764400000001).
    if (queryRunner.connection.options.type === "postgres") return;
    await upgradeSqliteCaptureToLocalOnlyV2(queryRunner, TABLES);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === "postgres") return;
    await downgradeSqliteCaptureToV1(queryRunner, TABLES);
  }
}
