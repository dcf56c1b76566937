import { Table, type QueryRunner } from "typeorm";

/*
 * FROZEN like consumer-tables-v1.ts: the migrations of a service's database call these helpers.
 * Built with TypeORM's Table API so the same migration runs on SQLite and PostgreSQL.
 */

/** Who owns each write group's tables: `monolith` (the start) or `service`. One row per group. */
export const OWNERSHIP_TABLE = "_strangler_ownership";
/** The lease of the cut-over (or keeper) currently changing a group's ownership. One row per group at most. */
export const CUTOVER_LEASE_TABLE = "_strangler_cutover_lease";

const text = (name: string, nullable = false) => ({ name, type: "varchar", isNullable: nullable });

/**
 * Migration helper (up): the ownership record and the cut-over lease, kept in the SERVICE's
 * database — the one place that says who owns a write group; the databases' write fences and the
 * proxy's routing are made to agree with it.
 */
export async function installOwnershipTablesV1(runner: QueryRunner): Promise<void> {
  await runner.createTable(
    new Table({
      name: OWNERSHIP_TABLE,
      columns: [
        { ...text("write_group"), isPrimary: true },
        text("owner"),
        { name: "epoch", type: "integer", isNullable: false },
        text("changed_at"),
        text("reason", true),
      ],
      checks: [{ name: "CHK_strangler_ownership_owner", expression: `"owner" IN ('monolith', 'service')` }],
    }),
    true,
  );
  await runner.createTable(
    new Table({
      name: CUTOVER_LEASE_TABLE,
      columns: [
        { ...text("write_group"), isPrimary: true },
        text("lease_id"),
        text("holder"),
        text("from_owner"),
        text("to_owner"),
        text("reason", true),
        text("started_at"),
        text("expires_at"),
        text("step", true),
      ],
    }),
    true,
  );
}

/**
 * Migration helper (up), after installOwnershipTablesV1 and the write fence with holders: a NEW
 * service database (its moved tables still empty) starts as the non-owner — the record says the
 * monolith owns `group`, and the moved tables are fenced, so from the very first start nothing but
 * sync writes them. A database that already holds rows is left alone: the service's keeper infers
 * its owner from both databases' fences at its first start.
 */
export async function initOwnershipV1(runner: QueryRunner, options: { group: string; tables: string[] }): Promise<void> {
  const existing = (await runner.query(`SELECT 1 AS "found" FROM "${OWNERSHIP_TABLE}" WHERE "write_group" = ?`, [options.group])) as unknown[];
  if (existing.length > 0) return;
  for (const table of options.tables) {
    const rows = (await runner.query(`SELECT 1 AS "found" FROM "${table}" LIMIT 1`)) as unknown[];
    if (rows.length > 0) return;
  }
  const now = new Date().toISOString();
  await runner.query(`INSERT INTO "${OWNERSHIP_TABLE}" ("write_group", "owner", "epoch", "changed_at", "reason") VALUES (?, 'monolith', 0, ?, ?)`, [
    options.group,
    now,
    "initial: the monolith owns its tables",
  ]);
  for (const table of options.tables) {
    await runner.query(`INSERT INTO "_strangler_write_fence" ("table_name", "fenced_at", "reason", "holder") VALUES (?, ?, ?, 'ownership') ON CONFLICT ("table_name") DO NOTHING`, [
      table,
      now,
      `monolith owns ${options.group} (epoch 0)`,
    ]);
  }
}

/** Migration helper (down). */
export async function uninstallOwnershipTablesV1(runner: QueryRunner): Promise<void> {
  await runner.dropTable(CUTOVER_LEASE_TABLE, true);
  await runner.dropTable(OWNERSHIP_TABLE, true);
}
