import type { MigrationInterface, QueryRunner } from "typeorm";
import { downgradeSqliteCaptureV4, upgradeSqliteCaptureToV4 } from "../../cdc/sqlite/sqlite-capture-v4";

/**
 * Capture v4 on the catalog's database: still v3's local writes with request ids, each logged
 * change stamped with the commit-group clock, so a catalog write of several rows reaches the
 * monolith (reverse sync) in one transaction (docs/cdc.md, "Transactions").
 */
const CAPTURE = { tables: { categories: {}, products: {} }, flavour: "local-with-request-id" as const };

export class StampCommitGroups1764800000000 implements MigrationInterface {
  name = "StampCommitGroups1764800000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await upgradeSqliteCaptureToV4(queryRunner, CAPTURE);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await downgradeSqliteCaptureV4(queryRunner, CAPTURE);
  }
}
