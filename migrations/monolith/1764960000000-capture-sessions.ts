import type { MigrationInterface, QueryRunner } from "typeorm";
import { installPgCaptureV1, uninstallPgCaptureV1 } from "../../cdc/postgres/pg-capture-v1";
import { installSqliteCaptureV1, uninstallSqliteCaptureV1 } from "../../cdc/sqlite/sqlite-capture-v1";

// Change capture of the shop's `sessions` (token_hash, customer_id, created_at, expires_at): the
// orders service keeps a replica to accept the `shop_session` cookie without calling the monolith
// (docs/orders.md, "The session bridge"). Only the SHA-256 of a token is stored, so the change log
// carries no usable credential. A logout deletes the row: its delete reaches the replica by sync.
// Uses the frozen v1 generator of the database's dialect, like the monolith's other tables (1764100000000).
const CAPTURE = { source: "monolith", tables: { sessions: {} } };

export class CaptureSessions1764960000000 implements MigrationInterface {
  name = "CaptureSessions1764960000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === "postgres") await installPgCaptureV1(queryRunner, CAPTURE);
    else await installSqliteCaptureV1(queryRunner, CAPTURE);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === "postgres") await uninstallPgCaptureV1(queryRunner, { tables: Object.keys(CAPTURE.tables) });
    else await uninstallSqliteCaptureV1(queryRunner, { tables: Object.keys(CAPTURE.tables) });
  }
}
