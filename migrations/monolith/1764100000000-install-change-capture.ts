import type { MigrationInterface, QueryRunner } from "typeorm";
import { installPgCaptureV1, uninstallPgCaptureV1 } from "../../cdc/postgres/pg-capture-v1";
import { installSqliteCaptureV1, uninstallSqliteCaptureV1 } from "../../cdc/sqlite/sqlite-capture-v1";

// Change capture of the shop database: triggers append every write of these tables (raw SQL
// included) to _strangler_changes in the same transaction. customers.password_hash never leaves
// the database; sessions are not captured. Uses the frozen v1 generator, so this migration keeps
// its meaning when the library changes; on PostgreSQL the frozen v1 of cdc/postgres (log in the schema
// `strangler`), with the same tables and source.
const CAPTURE = {
  source: "monolith",
  tables: {
    categories: {},
    products: {},
    stock_levels: {},
    customers: { exclude: ["password_hash"] },
    orders: {},
    order_lines: {},
  },
};

export class InstallChangeCapture1764100000000 implements MigrationInterface {
  name = "InstallChangeCapture1764100000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === "postgres") await installPgCaptureV1(queryRunner, CAPTURE);
    else await installSqliteCaptureV1(queryRunner, CAPTURE);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const options = { tables: Object.keys(CAPTURE.tables), dropLog: true };
    if (queryRunner.connection.options.type === "postgres") await uninstallPgCaptureV1(queryRunner, options);
    else await uninstallSqliteCaptureV1(queryRunner, options);
  }
}
