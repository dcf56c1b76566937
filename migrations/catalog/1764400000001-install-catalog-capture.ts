import type { MigrationInterface, QueryRunner } from "typeorm";
import { installPgCaptureV1, uninstallPgCaptureV1 } from "../../cdc/postgres/pg-capture-v1";
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
    // catalog.sqlite takes the SQLite v1 → v2 → v3 path of the migrations after this one; a catalog
    // database on PostgreSQL (CATALOG_DATABASE_URL) gets at once what that path ends with: only its
    // own writes logged (not what sync copied in), each with its request id.
    if (queryRunner.connection.options.type === "postgres") await installPgCaptureV1(queryRunner, { ...CAPTURE, localOnly: true });
    else await installSqliteCaptureV1(queryRunner, CAPTURE);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === "postgres") await uninstallPgCaptureV1(queryRunner, { tables: Object.keys(CAPTURE.tables), dropLog: true });
    else await uninstallSqliteCaptureV1(queryRunner, { tables: Object.keys(CAPTURE.tables), dropLog: true });
  }
}
