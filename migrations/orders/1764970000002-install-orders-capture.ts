import type { MigrationInterface, QueryRunner } from "typeorm";
import { installPgCaptureV1, uninstallPgCaptureV1 } from "../../cdc/postgres/pg-capture-v1";
import { installSqliteCaptureV3, uninstallSqliteCaptureV3 } from "../../cdc/sqlite/sqlite-capture-v3";

const CAPTURE = { source: "orders", tables: { orders: {}, order_lines: {} } };

/**
 * Change capture on the orders database (stream `CDC_ORDERS`), for the reverse sync once the orders
 * writes move: only the service's own writes are logged (sync's are not), each with the writer's
 * request id. The session replica is the monolith's data and is never captured here.
 */
export class InstallOrdersCapture1764970000002 implements MigrationInterface {
  name = "InstallOrdersCapture1764970000002";

  async up(queryRunner: QueryRunner): Promise<void> {
    // orders.sqlite: SQLite capture v3; on PostgreSQL (ORDERS_DATABASE_URL) the same in pg-capture-v1:
    // local-only (writes whose transaction sets strangler.origin are not logged), with request ids.
    if (queryRunner.connection.options.type === "postgres") await installPgCaptureV1(queryRunner, { ...CAPTURE, localOnly: true });
    else await installSqliteCaptureV3(queryRunner, CAPTURE);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === "postgres") await uninstallPgCaptureV1(queryRunner, { tables: Object.keys(CAPTURE.tables), dropLog: true });
    else await uninstallSqliteCaptureV3(queryRunner, { tables: Object.keys(CAPTURE.tables), dropLog: true });
  }
}
