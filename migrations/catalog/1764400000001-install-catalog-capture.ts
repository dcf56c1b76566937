import type { MigrationInterface, QueryRunner } from "typeorm";
import { installSqliteCaptureV1, uninstallSqliteCaptureV1 } from "../../cdc/sqlite/sqlite-capture-v1";

const CAPTURE = { source: "catalog", tables: { categories: {}, products: {} } };

/**
 * Change capture on the catalog database (stream `CDC_CATALOG`), for the reverse sync into the
 * monolith once the write routes move. Changes that sync wrote are logged with origin `monolith`
 * (the forward mapping sets it), so the reverse consumer records them without applying them back.
 */
export class InstallCatalogCapture1764400000001 implements MigrationInterface {
  name = "InstallCatalogCapture1764400000001";

  async up(queryRunner: QueryRunner): Promise<void> {
    await installSqliteCaptureV1(queryRunner, CAPTURE);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await uninstallSqliteCaptureV1(queryRunner, { tables: Object.keys(CAPTURE.tables), dropLog: true });
  }
}
