import type { MigrationInterface, QueryRunner } from "typeorm";
import { initPgOwnershipV1 } from "../../cdc/postgres/pg-ownership-v1";
import { initOwnershipV1, installOwnershipTablesV1, uninstallOwnershipTablesV1 } from "../../cdc/sqlite/ownership-tables-v1";

/**
 * Who owns `orders-writes` (and the cut-over lease), held in the orders database; a new database
 * starts with the monolith as the owner and the service's `orders` and `order_lines` fenced.
 */
export class InstallOwnership1764970000004 implements MigrationInterface {
  name = "InstallOwnership1764970000004";

  async up(queryRunner: QueryRunner): Promise<void> {
    await installOwnershipTablesV1(queryRunner);
    const ownership = { group: "orders-writes", tables: ["orders", "order_lines"] };
    // The ownership tables are the same on both; the first record and the fence rows are each dialect's own SQL.
    if (queryRunner.connection.options.type === "postgres") await initPgOwnershipV1(queryRunner, ownership);
    else await initOwnershipV1(queryRunner, ownership);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await uninstallOwnershipTablesV1(queryRunner);
  }
}
