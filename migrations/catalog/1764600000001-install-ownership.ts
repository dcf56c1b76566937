import type { MigrationInterface, QueryRunner } from "typeorm";
import { initOwnershipV1, installOwnershipTablesV1, uninstallOwnershipTablesV1 } from "../../cdc/sqlite/ownership-tables-v1";
import { upgradeSqliteWriteFenceV2 } from "../../cdc/sqlite/sqlite-write-fence-v2";

/**
 * Write ownership (docs/write-path.md): who owns the catalog's write group and the cut-over lease,
 * held here, in the catalog's database; who holds each fence row of this database; and, for a new
 * catalog database, the start: the monolith owns `catalog-writes`, the catalog's tables are fenced.
 */
export class InstallOwnership1764600000001 implements MigrationInterface {
  name = "InstallOwnership1764600000001";

  async up(queryRunner: QueryRunner): Promise<void> {
    await installOwnershipTablesV1(queryRunner);
    await upgradeSqliteWriteFenceV2(queryRunner);
    await initOwnershipV1(queryRunner, { group: "catalog-writes", tables: ["categories", "products"] });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The holder column stays (SQLite before 3.35 cannot drop a column); v1 code ignores it.
    await uninstallOwnershipTablesV1(queryRunner);
  }
}
