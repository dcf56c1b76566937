import { Table, TableIndex, type QueryRunner } from "typeorm";

/*
 * FROZEN like sqlite-capture-v1.ts: migrations of consumer databases call these helpers. Built
 * with TypeORM's Table API so the same migration runs on SQLite and PostgreSQL.
 */

export const APPLIED_POSITIONS_TABLE = "_strangler_applied_positions";
export const PARKED_CHANGES_TABLE = "_strangler_parked_changes";
export const CONSUMER_CHECKPOINTS_TABLE = "_strangler_consumer_checkpoints";

const text = (name: string, nullable = false) => ({ name, type: "varchar", isNullable: nullable });
const bigint = (name: string, nullable = false) => ({ name, type: "bigint", isNullable: nullable });

/** Migration helper (up): the tables a consumer keeps in the target database, in the target's own transactions. */
export async function installConsumerTablesV1(runner: QueryRunner): Promise<void> {
  await runner.createTable(
    new Table({
      name: APPLIED_POSITIONS_TABLE,
      columns: [
        { ...text("source"), isPrimary: true },
        { ...text("table_name"), isPrimary: true },
        { ...text("key"), isPrimary: true },
        bigint("position"),
        text("applied_at"),
      ],
    }),
    true,
  );
  await runner.createTable(
    new Table({
      name: PARKED_CHANGES_TABLE,
      columns: [
        { ...text("source"), isPrimary: true },
        { ...bigint("position"), isPrimary: true },
        text("table_name"),
        text("key"),
        { name: "event", type: "text", isNullable: false },
        { name: "reason", type: "text", isNullable: false },
        { name: "attempts", type: "integer", isNullable: false },
        text("first_failed_at"),
        text("last_failed_at"),
      ],
    }),
    true,
  );
  await runner.createIndex(PARKED_CHANGES_TABLE, new TableIndex({ name: "_strangler_parked_changes_key", columnNames: ["source", "table_name", "key", "position"] }));
  await runner.createTable(
    new Table({
      name: CONSUMER_CHECKPOINTS_TABLE,
      columns: [
        { ...text("consumer"), isPrimary: true },
        text("source"),
        bigint("start_position"),
        bigint("last_position"),
        text("updated_at"),
      ],
    }),
    true,
  );
}

/** Migration helper (down). */
export async function uninstallConsumerTablesV1(runner: QueryRunner): Promise<void> {
  await runner.dropTable(CONSUMER_CHECKPOINTS_TABLE, true);
  await runner.dropTable(PARKED_CHANGES_TABLE, true);
  await runner.dropTable(APPLIED_POSITIONS_TABLE, true);
}
