import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from "typeorm";

// Frozen: this migration must keep its meaning forever, so it repeats its column shapes instead of
// reading them from the entities. Timestamps are ISO-8601 UTC strings (e.g. 2026-01-31T12:00:00.000Z).
const id: TableColumnOptions = { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" };
const timestamp = (name: string): TableColumnOptions => ({ name, type: "varchar", length: "24" });

export class CreateShopSchema1764000000000 implements MigrationInterface {
  name = "CreateShopSchema1764000000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "categories",
        columns: [
          id,
          { name: "slug", type: "varchar", length: "80", isUnique: true },
          { name: "name", type: "varchar", length: "200" },
          timestamp("created_at"),
          timestamp("updated_at"),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "products",
        columns: [
          id,
          { name: "sku", type: "varchar", length: "64", isUnique: true },
          { name: "name", type: "varchar", length: "200" },
          { name: "description", type: "text" },
          { name: "price_cents", type: "integer" },
          { name: "category_id", type: "integer" },
          { name: "active", type: "boolean" },
          timestamp("created_at"),
          timestamp("updated_at"),
        ],
        checks: [{ name: "CHK_products_price_cents", expression: "price_cents >= 0" }],
        foreignKeys: [
          { name: "FK_products_category", columnNames: ["category_id"], referencedTableName: "categories", referencedColumnNames: ["id"], onDelete: "RESTRICT" },
        ],
        indices: [
          { name: "IDX_products_category_id", columnNames: ["category_id"] },
          { name: "IDX_products_name", columnNames: ["name"] },
          { name: "IDX_products_price_cents", columnNames: ["price_cents"] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "stock_levels",
        columns: [
          { name: "product_id", type: "integer", isPrimary: true },
          { name: "quantity", type: "integer" },
          timestamp("updated_at"),
        ],
        checks: [{ name: "CHK_stock_levels_quantity", expression: "quantity >= 0" }],
        foreignKeys: [
          { name: "FK_stock_levels_product", columnNames: ["product_id"], referencedTableName: "products", referencedColumnNames: ["id"], onDelete: "CASCADE" },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "customers",
        columns: [
          id,
          { name: "email", type: "varchar", length: "254", isUnique: true },
          { name: "name", type: "varchar", length: "200" },
          { name: "password_hash", type: "varchar", length: "200" },
          timestamp("created_at"),
          timestamp("updated_at"),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "sessions",
        columns: [
          id,
          { name: "token_hash", type: "varchar", length: "64", isUnique: true },
          { name: "customer_id", type: "integer" },
          timestamp("created_at"),
          timestamp("expires_at"),
        ],
        foreignKeys: [
          { name: "FK_sessions_customer", columnNames: ["customer_id"], referencedTableName: "customers", referencedColumnNames: ["id"], onDelete: "CASCADE" },
        ],
        indices: [{ name: "IDX_sessions_customer_id", columnNames: ["customer_id"] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "orders",
        columns: [
          id,
          { name: "customer_id", type: "integer" },
          { name: "status", type: "varchar", length: "16" },
          { name: "total_cents", type: "integer" },
          timestamp("created_at"),
          timestamp("updated_at"),
        ],
        checks: [
          { name: "CHK_orders_status", expression: "status IN ('placed', 'cancelled')" },
          { name: "CHK_orders_total_cents", expression: "total_cents >= 0" },
        ],
        foreignKeys: [
          { name: "FK_orders_customer", columnNames: ["customer_id"], referencedTableName: "customers", referencedColumnNames: ["id"], onDelete: "RESTRICT" },
        ],
        indices: [{ name: "IDX_orders_customer_id", columnNames: ["customer_id"] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "order_lines",
        columns: [
          id,
          { name: "order_id", type: "integer" },
          { name: "product_id", type: "integer" },
          { name: "quantity", type: "integer" },
          { name: "unit_price_cents", type: "integer" },
        ],
        checks: [
          { name: "CHK_order_lines_quantity", expression: "quantity > 0" },
          { name: "CHK_order_lines_unit_price_cents", expression: "unit_price_cents >= 0" },
        ],
        foreignKeys: [
          { name: "FK_order_lines_order", columnNames: ["order_id"], referencedTableName: "orders", referencedColumnNames: ["id"], onDelete: "CASCADE" },
          { name: "FK_order_lines_product", columnNames: ["product_id"], referencedTableName: "products", referencedColumnNames: ["id"], onDelete: "RESTRICT" },
        ],
        indices: [
          { name: "IDX_order_lines_order_id", columnNames: ["order_id"] },
          { name: "IDX_order_lines_product_id", columnNames: ["product_id"] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ["order_lines", "orders", "sessions", "customers", "stock_levels", "products", "categories"]) {
      await queryRunner.dropTable(table);
    }
  }
}
