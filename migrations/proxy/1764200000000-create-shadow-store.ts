import type { MigrationInterface, QueryRunner } from "typeorm";
import { Table, TableIndex } from "typeorm";

/** The proxy's shadow store: mismatch records (bounded per route), per-route counters and differing-path counts. */
export class CreateShadowStore1764200000000 implements MigrationInterface {
  name = "CreateShadowStore1764200000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "shadow_mismatches",
        columns: [
          { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "route_id", type: "varchar", length: "200" },
          { name: "at", type: "varchar", length: "40" },
          { name: "outcome", type: "varchar", length: "20" },
          { name: "request_id", type: "varchar", length: "200" },
          { name: "method", type: "varchar", length: "10" },
          { name: "path", type: "varchar", length: "2000" },
          { name: "differences", type: "text" },
          { name: "primary_response", type: "text" },
          { name: "candidate_response", type: "text" },
        ],
      }),
    );
    await queryRunner.createIndex("shadow_mismatches", new TableIndex({ name: "idx_shadow_mismatches_route", columnNames: ["route_id", "id"] }));
    await queryRunner.createTable(
      new Table({
        name: "shadow_counters",
        columns: [
          { name: "route_id", type: "varchar", length: "200", isPrimary: true },
          { name: "matched", type: "integer", default: 0 },
          { name: "mismatched", type: "integer", default: 0 },
          { name: "errored", type: "integer", default: 0 },
          { name: "skipped", type: "integer", default: 0 },
          { name: "noise", type: "integer", default: 0 },
          { name: "skipped_by", type: "text" },
          { name: "noisy_paths", type: "text" },
          { name: "updated_at", type: "varchar", length: "40" },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "shadow_diff_paths",
        columns: [
          { name: "route_id", type: "varchar", length: "200", isPrimary: true },
          { name: "path", type: "varchar", length: "1000", isPrimary: true },
          { name: "count", type: "integer", default: 0 },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("shadow_diff_paths");
    await queryRunner.dropTable("shadow_counters");
    await queryRunner.dropTable("shadow_mismatches");
  }
}
