import { Table, type QueryRunner } from "typeorm";

/*
 * FROZEN, like the consumer tables v1: the shape of the backfill's checkpoint table. Migrations
 * call these helpers (they may import only typeorm and cdc/sqlite/), so once released this SQL
 * never changes; a new shape is a new version beside it.
 */

/** Table where the backfill keeps its checkpoint per source table, in the target database. */
export const BACKFILL_CHECKPOINTS_TABLE = "_strangler_backfill_checkpoints";

/** Migration helper (up): the backfill's checkpoint per source table in the target database. */
export async function installBackfillTablesV1(runner: QueryRunner): Promise<void> {
  await runner.createTable(
    new Table({
      name: BACKFILL_CHECKPOINTS_TABLE,
      columns: [
        { name: "source", type: "varchar", isPrimary: true },
        { name: "table_name", type: "varchar", isPrimary: true },
        { name: "after_key", type: "varchar", isNullable: true },
        { name: "rows_done", type: "integer" },
        { name: "start_position", type: "bigint" },
        { name: "completed_at", type: "varchar", isNullable: true },
        { name: "updated_at", type: "varchar" },
      ],
    }),
    true,
  );
}

/** Migration helper (down). */
export async function uninstallBackfillTablesV1(runner: QueryRunner): Promise<void> {
  await runner.dropTable(BACKFILL_CHECKPOINTS_TABLE, true);
}
