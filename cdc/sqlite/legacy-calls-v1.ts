import { Table, TableIndex, type QueryRunner } from "typeorm";

/*
 * FROZEN like consumer-tables-v1.ts: migrations of service databases call these helpers. Built
 * with TypeORM's Table API so the same migration runs on SQLite and PostgreSQL.
 */

/** One row per call a service makes to the legacy app under an idempotency key (service-kit/legacy-calls). */
export const LEGACY_CALLS_TABLE = "_strangler_legacy_calls";

/**
 * Migration helper (up): the service's log of its calls to the legacy side. A row is written
 * `started` before the call, becomes `done` in the same transaction as the service's own write that
 * the call was for, `refused` when the legacy side said no, and `compensated` once the call was
 * undone after a failure or a crash. `process` names the process that started it (a restarted
 * service recovers the rows of its previous life).
 */
export async function installLegacyCallsV1(runner: QueryRunner): Promise<void> {
  await runner.createTable(
    new Table({
      name: LEGACY_CALLS_TABLE,
      columns: [
        { name: "key", type: "varchar", length: "128", isPrimary: true },
        { name: "kind", type: "varchar", isNullable: false },
        { name: "payload", type: "text", isNullable: false },
        { name: "state", type: "varchar", length: "16", isNullable: false },
        { name: "process", type: "varchar", isNullable: false },
        { name: "attempts", type: "integer", isNullable: false, default: 0 },
        { name: "last_error", type: "text", isNullable: true },
        { name: "created_at", type: "varchar", isNullable: false },
        { name: "updated_at", type: "varchar", isNullable: false },
      ],
      checks: [{ name: "CHK_strangler_legacy_calls_state", expression: "state IN ('started', 'done', 'refused', 'compensated')" }],
    }),
    true,
  );
  await runner.createIndex(LEGACY_CALLS_TABLE, new TableIndex({ name: "_strangler_legacy_calls_state", columnNames: ["state", "updated_at"] }));
}

/** Migration helper (down). */
export async function uninstallLegacyCallsV1(runner: QueryRunner): Promise<void> {
  await runner.dropTable(LEGACY_CALLS_TABLE, true);
}
