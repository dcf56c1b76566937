import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from "typeorm";

// Frozen: this migration keeps its meaning forever, so it spells out its columns instead of
// reading them from the entities. Timestamps are ISO-8601 UTC strings, as in the legacy shop.
const uuid = (name: string): TableColumnOptions => ({ name, type: "varchar", length: "36" });
const timestamp = (name: string): TableColumnOptions => ({ name, type: "varchar", length: "24" });

/**
 * The catalog's own schema: its own UUID ids with the legacy ids beside them, prices in minor units
 * plus a currency. No foreign key from products to categories and no unique slug/SKU: sync applies
 * changes in order per row, not across rows, so a product may arrive before its category and two
 * rows may swap a slug for a moment. The monolith keeps enforcing those rules on writes.
 */
export class CreateCatalogSchema1764300000000 implements MigrationInterface {
  name = "CreateCatalogSchema1764300000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "categories",
        columns: [
          { ...uuid("id"), isPrimary: true },
          { name: "legacy_id", type: "integer", isUnique: true },
          { name: "slug", type: "varchar", length: "80" },
          { name: "name", type: "varchar", length: "200" },
          timestamp("created_at"),
          timestamp("updated_at"),
        ],
        indices: [{ name: "IDX_categories_slug", columnNames: ["slug"] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "products",
        columns: [
          { ...uuid("id"), isPrimary: true },
          { name: "legacy_id", type: "integer", isUnique: true },
          { name: "sku", type: "varchar", length: "64" },
          { name: "name", type: "varchar", length: "200" },
          { name: "description", type: "text" },
          { name: "price_minor", type: "integer" },
          { name: "currency", type: "varchar", length: "3" },
          { name: "category_legacy_id", type: "integer" },
          { name: "active", type: "boolean" },
          timestamp("created_at"),
          timestamp("updated_at"),
        ],
        checks: [{ name: "CHK_products_price_minor", expression: "price_minor >= 0" }],
        indices: [
          { name: "IDX_products_sku", columnNames: ["sku"] },
          { name: "IDX_products_category", columnNames: ["category_legacy_id"] },
          { name: "IDX_products_name", columnNames: ["name"] },
          { name: "IDX_products_price_minor", columnNames: ["price_minor"] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("products");
    await queryRunner.dropTable("categories");
  }
}
