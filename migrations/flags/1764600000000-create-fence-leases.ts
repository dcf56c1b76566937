import type { MigrationInterface, QueryRunner } from "typeorm";
import { Table } from "typeorm";

/**
 * The lease of each fenced route group: who holds the fence, why, since when, and until when it
 * holds without a renewal. The flag store host lifts a fence whose lease was not renewed in time.
 */
export class CreateFenceLeases1764600000000 implements MigrationInterface {
  name = "CreateFenceLeases1764600000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "fence_leases",
        columns: [
          { name: "group", type: "varchar", length: "200", isPrimary: true },
          { name: "holder", type: "varchar", length: "200" },
          { name: "reason", type: "varchar", length: "1000", isNullable: true },
          { name: "route_ids", type: "varchar", length: "4000" },
          { name: "fenced_at", type: "varchar", length: "40" },
          { name: "renewed_at", type: "varchar", length: "40" },
          { name: "expires_at", type: "varchar", length: "40" },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("fence_leases");
  }
}
