import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from "typeorm";

// Frozen: spells out its columns instead of reading the entities. Timestamps are ISO-8601 UTC
// strings, as in the legacy shop; money is integer minor units beside a currency.
const uuid = (name: string): TableColumnOptions => ({ name, type: "varchar", length: "36" });
const timestamp = (name: string): TableColumnOptions => ({ name, type: "varchar", length: "24" });

/**
 * The orders service's own schema: its own ids with the monolith's ids beside them (`legacy_id`),
 * prices in minor units plus a currency, and the replica of the shop's login sessions (token hash,
 * customer, expiry) the session bridge checks cookies against. No foreign keys: sync applies
 * changes in order per row, not across rows, so a line may arrive before its order.
 */
export class CreateOrdersSchema1764970000000 implements MigrationInterface {
  name = "CreateOrdersSchema1764970000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "orders",
        columns: [
          { ...uuid("id"), isPrimary: true },
          { name: "legacy_id", type: "integer", isUnique: true },
          { name: "customer_legacy_id", type: "integer" },
          { name: "status", type: "varchar", length: "16" },
          { name: "total_minor", type: "integer" },
          { name: "currency", type: "varchar", length: "3" },
          timestamp("created_at"),
          timestamp("updated_at"),
        ],
        checks: [{ name: "CHK_orders_total_minor", expression: "total_minor >= 0" }],
        indices: [{ name: "IDX_orders_customer", columnNames: ["customer_legacy_id", "legacy_id"] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "order_lines",
        columns: [
          { ...uuid("id"), isPrimary: true },
          { name: "legacy_id", type: "integer", isUnique: true },
          { name: "order_legacy_id", type: "integer" },
          { name: "product_legacy_id", type: "integer" },
          { name: "quantity", type: "integer" },
          { name: "unit_price_minor", type: "integer" },
          { name: "currency", type: "varchar", length: "3" },
        ],
        indices: [{ name: "IDX_order_lines_order", columnNames: ["order_legacy_id", "legacy_id"] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "customer_sessions",
        columns: [
          { name: "legacy_id", type: "integer", isPrimary: true },
          { name: "token_hash", type: "varchar", length: "64" },
          { name: "customer_legacy_id", type: "integer" },
          timestamp("expires_at"),
        ],
        indices: [{ name: "IDX_customer_sessions_token_hash", columnNames: ["token_hash"] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("customer_sessions");
    await queryRunner.dropTable("order_lines");
    await queryRunner.dropTable("orders");
  }
}
