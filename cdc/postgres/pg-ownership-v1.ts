import type { QueryRunner } from "typeorm";
import { OWNERSHIP_TABLE } from "../sqlite/ownership-tables-v1";

/*
 * FROZEN like initOwnershipV1 (cdc/sqlite/ownership-tables-v1.ts), whose PostgreSQL twin it is: the
 * ownership tables themselves are TypeORM Table API and the same on both (installOwnershipTablesV1);
 * only this first record and the fence rows need PostgreSQL's own SQL (pg-write-fence-v1.ts keeps
 * a row per guarded table and a `fenced` flag).
 */

/**
 * Migration helper (up), after installOwnershipTablesV1 and installPgWriteFenceV1: a NEW service
 * database on PostgreSQL (its moved tables still empty) starts as the non-owner — the record says
 * the monolith owns `group`, and the moved tables are fenced. A database that already holds rows is
 * left alone (the service's keeper infers its owner from both databases' fences at its first start).
 */
export async function initPgOwnershipV1(runner: QueryRunner, options: { group: string; tables: string[] }): Promise<void> {
  const existing = (await runner.query(`SELECT 1 AS "found" FROM "${OWNERSHIP_TABLE}" WHERE "write_group" = $1`, [options.group])) as unknown[];
  if (existing.length > 0) return;
  for (const table of options.tables) {
    const rows = (await runner.query(`SELECT 1 AS "found" FROM "${table}" LIMIT 1`)) as unknown[];
    if (rows.length > 0) return;
  }
  const now = new Date().toISOString();
  await runner.query(`INSERT INTO "${OWNERSHIP_TABLE}" ("write_group", "owner", "epoch", "changed_at", "reason") VALUES ($1, 'monolith', 0, $2, $3)`, [
    options.group,
    now,
    "initial: the monolith owns its tables",
  ]);
  for (const table of options.tables) {
    await runner.query(
      `INSERT INTO strangler.write_fence (table_name, fenced, fenced_at, reason, holder) VALUES ($1, true, $2, $3, 'ownership')
         ON CONFLICT (table_name) DO UPDATE SET fenced = true, fenced_at = excluded.fenced_at, reason = excluded.reason, holder = excluded.holder
         WHERE NOT strangler.write_fence.fenced`,
      [table, now, `monolith owns ${options.group} (epoch 0)`],
    );
  }
}
