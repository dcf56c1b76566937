import type { MigrationInterface, QueryRunner } from "typeorm";
import { installSqliteCaptureV3, uninstallSqliteCaptureV3 } from "../../cdc/sqlite/sqlite-capture-v3";

const CAPTURE = { source: "orders", tables: { orders: {}, order_lines: {} } };

/**
 * Change capture v3 on orders.sqlite (stream `CDC_ORDERS`), for the reverse sync once the orders
 * writes move: only the service's own writes are logged (sync's are not), each with the writer's
 * request id. The session replica is the monolith's data and is never captured here.
 */
export class InstallOrdersCapture1764970000002 implements MigrationInterface {
  name = "InstallOrdersCapture1764970000002";

  async up(queryRunner: QueryRunner): Promise<void> {
    await installSqliteCaptureV3(queryRunner, CAPTURE);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await uninstallSqliteCaptureV3(queryRunner, { tables: Object.keys(CAPTURE.tables), dropLog: true });
  }
}
