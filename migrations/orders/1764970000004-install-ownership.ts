import type { MigrationInterface, QueryRunner } from "typeorm";
import { initOwnershipV1, installOwnershipTablesV1, uninstallOwnershipTablesV1 } from "../../cdc/sqlite/ownership-tables-v1";

/**
 * Who owns `orders-writes` (and the cut-over lease), held in orders.sqlite; a new database starts
 * with the monolith as the owner and the service's `orders` and `order_lines` fenced.
 */
export class InstallOwnership1764970000004 implements MigrationInterface {
  name = "InstallOwnership1764970000004";

  async up(queryRunner: QueryRunner): Promise<void> {
    await installOwnershipTablesV1(queryRunner);
    await initOwnershipV1(queryRunner, { group: "orders-writes", tables: ["orders", "order_lines"] });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await uninstallOwnershipTablesV1(queryRunner);
  }
}
