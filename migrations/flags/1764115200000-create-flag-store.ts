import type { MigrationInterface, QueryRunner } from "typeorm";
import { Table, TableIndex } from "typeorm";

/** The embedded flag store of the strangler proxy: flags in Unleash's shape, and every change audited. */
export class CreateFlagStore1764115200000 implements MigrationInterface {
  name = "CreateFlagStore1764115200000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "flags",
        columns: [
          { name: "name", type: "varchar", length: "200", isPrimary: true },
          { name: "enabled", type: "boolean", default: false },
          { name: "rollout", type: "integer", default: 0 },
          { name: "updated_at", type: "varchar", length: "40" },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "flag_audit",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "at", type: "varchar", length: "40" },
          { name: "actor", type: "varchar", length: "200" },
          { name: "source_address", type: "varchar", length: "100", isNullable: true },
          { name: "route_id", type: "varchar", length: "200" },
          { name: "flags", type: "varchar", length: "500" },
          { name: "from_stage", type: "varchar", length: "40" },
          { name: "to_stage", type: "varchar", length: "40" },
          { name: "reason", type: "varchar", length: "1000", isNullable: true },
          { name: "request_id", type: "varchar", length: "128", isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex("flag_audit", new TableIndex({ name: "idx_flag_audit_route", columnNames: ["route_id", "id"] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("flag_audit");
    await queryRunner.dropTable("flags");
  }
}
