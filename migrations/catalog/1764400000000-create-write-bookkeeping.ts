import { Table, type MigrationInterface, type QueryRunner } from "typeorm";

/**
 * Bookkeeping of the catalog's own writes (docs/catalog.md, "Writes"):
 * - `catalog_legacy_ids`: per table, the highest legacy id ever seen or handed out. New rows get the
 *   next one, so the catalog continues the monolith's AUTOINCREMENT sequence and never reuses the id
 *   of a deleted row.
 * - `catalog_ordered_products`: legacy ids of products that appear in an order line of the monolith
 *   (fed by sync from `order_lines`), so the catalog can refuse their deletion as the monolith does.
 */
export class CreateWriteBookkeeping1764400000000 implements MigrationInterface {
  name = "CreateWriteBookkeeping1764400000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "catalog_legacy_ids",
        columns: [
          { name: "table_name", type: "varchar", length: "64", isPrimary: true },
          { name: "last_value", type: "integer" },
        ],
      }),
    );
    await queryRunner.createTable(new Table({ name: "catalog_ordered_products", columns: [{ name: "legacy_id", type: "integer", isPrimary: true }] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("catalog_ordered_products");
    await queryRunner.dropTable("catalog_legacy_ids");
  }
}
