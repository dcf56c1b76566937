import { Table, type MigrationInterface, type QueryRunner } from "typeorm";
import { installLegacyCallsV1, uninstallLegacyCallsV1 } from "../../cdc/sqlite/legacy-calls-v1";

/**
 * What the orders service needs to take orders itself (docs/orders.md, "Writes"): the replica of
 * the shop's product prices and active flags (validated and snapshotted when an order is placed,
 * kept by the forward sync), the sequence of the monolith ids it hands out, the idempotency key of
 * each order's stock movement in the shop, and the log of its calls to the shop's inventory API.
 */
export class InstallOrderWrites1764980000000 implements MigrationInterface {
  name = "InstallOrderWrites1764980000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "order_products",
        columns: [
          { name: "legacy_id", type: "integer", isPrimary: true },
          { name: "price_minor", type: "integer" },
          { name: "currency", type: "varchar", length: "3" },
          { name: "active", type: "boolean" },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "orders_legacy_ids",
        columns: [
          { name: "table_name", type: "varchar", isPrimary: true },
          { name: "last_value", type: "integer" },
        ],
      }),
    );
    // Plain ALTER TABLE (the same on PostgreSQL): TypeORM's addColumn rebuilds a SQLite table, which drops its capture and fence triggers.
    await queryRunner.query(`ALTER TABLE "orders" ADD COLUMN "stock_key" varchar(128)`);
    await installLegacyCallsV1(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await uninstallLegacyCallsV1(queryRunner);
    await queryRunner.query(`ALTER TABLE "orders" DROP COLUMN "stock_key"`);
    await queryRunner.dropTable("orders_legacy_ids");
    await queryRunner.dropTable("order_products");
  }
}
