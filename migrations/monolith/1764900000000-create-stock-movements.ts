import { Table, type MigrationInterface, type QueryRunner } from "typeorm";

// Frozen. Idempotent stock changes (`POST /inventory/movements`): one row per idempotency key, so an
// extracted service that takes or returns stock through the shop's API can retry safely and revert.
export class CreateStockMovements1764900000000 implements MigrationInterface {
  name = "CreateStockMovements1764900000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "stock_movements",
        columns: [
          { name: "key", type: "varchar", length: "128", isPrimary: true },
          { name: "lines", type: "text" },
          { name: "state", type: "varchar", length: "16" },
          { name: "created_at", type: "varchar", length: "24" },
          { name: "reverted_at", type: "varchar", length: "24", isNullable: true },
        ],
        checks: [{ name: "CHK_stock_movements_state", expression: "state IN ('applied', 'reverted')" }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("stock_movements");
  }
}
