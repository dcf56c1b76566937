import type { MigrationInterface, QueryRunner } from "typeorm";
import { initOwnershipV1, installOwnershipTablesV1, uninstallOwnershipTablesV1 } from "../../cdc/sqlite/ownership-tables-v1";
import { upgradeSqliteWriteFenceV2 } from "../../cdc/sqlite/sqlite-write-fence-v2";
import { initPgOwnershipV1 } from "../../cdc/postgres/pg-ownership-v1";

/**
 * Write ownership (docs/write-path.md): who owns the catalog's write group and the cut-over lease,
 * held here, in the catalog's database; who holds each fence row of this database; and, for a new
 * catalog database, the start: the monolith owns `catalog-writes`, the catalog's tables are fenced.
 */
export class InstallOwnership1764600000001 implements MigrationInterface {
  name = "InstallOwnership1764600000001";

  async up(queryRunner: QueryRunner): Promise<void> {
    await installOwnershipTablesV1(queryRunner);
    const ownership = { group: "catalog-writes", tables: ["categories", "products"] };
    // PostgreSQL (CATALOG_DATABASE_URL): its fence has holders from the start.
    if (queryRunner.connection.options.type === "postgres") return initPgOwnershipV1(queryRunner, ownership);
    await upgradeSqliteWriteFenceV2(queryRunner);
    await initOwnershipV1(queryRunner, ownership);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The holder column stays (SQLite before 3.35 cannot drop a column); v1 code ignores it.
    await uninstallOwnershipTablesV1(queryRunner);
  }
}
