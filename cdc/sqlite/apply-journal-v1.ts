import { Table, TableIndex, type QueryRunner } from "typeorm";

/*
 * FROZEN like consumer-tables-v1.ts: migrations of consumer databases call these helpers.
 */

/** One row per change a consumer applied, written in the apply transaction (only when the consumer keeps a journal). */
export const APPLY_JOURNAL_TABLE = "_strangler_apply_journal";

/**
 * Migration helper (up): the apply journal — an audit of what a consumer applied, in the order the
 * target committed it. Empty unless a consumer runs with `journal: true` (docs/cdc.md, "Apply journal").
 */
export async function installApplyJournalV1(runner: QueryRunner): Promise<void> {
  await runner.createTable(
    new Table({
      name: APPLY_JOURNAL_TABLE,
      columns: [
        { name: "seq", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
        { name: "source", type: "varchar", isNullable: false },
        { name: "position", type: "bigint", isNullable: false },
        { name: "table_name", type: "varchar", isNullable: false },
        { name: "key", type: "varchar", isNullable: false },
        { name: "applied_at", type: "varchar", isNullable: false },
      ],
    }),
    true,
  );
  await runner.createIndex(APPLY_JOURNAL_TABLE, new TableIndex({ name: "_strangler_apply_journal_position", columnNames: ["source", "position"] }));
}

/** Migration helper (down). */
export async function uninstallApplyJournalV1(runner: QueryRunner): Promise<void> {
  await runner.dropTable(APPLY_JOURNAL_TABLE, true);
}
