import { Table, TableIndex, type QueryRunner } from "typeorm";

/*
 * FROZEN like consumer-tables-v1.ts: migrations of consumer databases call these helpers. Built
 * with TypeORM's Table API so the same migration runs on SQLite and PostgreSQL.
 */

/** One row per parked change an operator discarded, written in the transaction that deleted it from the parked list. */
export const DISCARDED_CHANGES_TABLE = "_strangler_discarded_changes";

/**
 * Migration helper (up): the audit of discarded parked changes (docs/cdc.md, "Parked changes and
 * replay"). Each row keeps the whole change event, why it was parked, why it was dropped, who
 * dropped it and when; nothing ever deletes from it.
 */
export async function installDiscardedChangesV1(runner: QueryRunner): Promise<void> {
  await runner.createTable(
    new Table({
      name: DISCARDED_CHANGES_TABLE,
      columns: [
        { name: "seq", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
        { name: "source", type: "varchar", isNullable: false },
        { name: "position", type: "bigint", isNullable: false },
        { name: "table_name", type: "varchar", isNullable: false },
        { name: "key", type: "varchar", isNullable: false },
        { name: "event", type: "text", isNullable: false },
        { name: "parked_reason", type: "text", isNullable: false },
        { name: "attempts", type: "integer", isNullable: false },
        { name: "first_failed_at", type: "varchar", isNullable: false },
        { name: "reason", type: "text", isNullable: false },
        { name: "actor", type: "varchar", isNullable: false },
        { name: "discarded_at", type: "varchar", isNullable: false },
      ],
    }),
    true,
  );
  await runner.createIndex(DISCARDED_CHANGES_TABLE, new TableIndex({ name: "_strangler_discarded_changes_key", columnNames: ["source", "table_name", "key", "position"] }));
}

/** Migration helper (down). */
export async function uninstallDiscardedChangesV1(runner: QueryRunner): Promise<void> {
  await runner.dropTable(DISCARDED_CHANGES_TABLE, true);
}
