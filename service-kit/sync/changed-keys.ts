import type { DataSource } from "typeorm";
import { changeLogLayoutOf, runSql, type KeyValue } from "../../cdc";

type KeysByTable = Record<string, KeyValue[]>;

const add = (keys: KeysByTable, table: string, key: unknown) => {
  if (typeof key === "number" || typeof key === "string") (keys[table] ??= []).push(key);
};

/**
 * The monolith ids of the moved rows changed after `since` in each database's change log: the
 * monolith logs them by its own key, the service by its own key with `legacy_id` in the row.
 */
export async function changedLegacyKeys(monolith: DataSource, service: DataSource, tables: readonly string[], since: { monolith: number; service: number }): Promise<KeysByTable> {
  const keys: KeysByTable = {};
  const list = tables.map(() => "?").join(", ");
  const fromMonolith = await runSql<Array<{ table_name: string; pk: string }>>(
    monolith,
    `SELECT "table_name", "pk" FROM ${changeLogLayoutOf(monolith).changes} WHERE "position" > ? AND "table_name" IN (${list})`,
    [since.monolith, ...tables],
  );
  for (const row of fromMonolith) add(keys, row.table_name, (JSON.parse(row.pk) as { id?: unknown }).id);
  const fromService = await runSql<Array<{ table_name: string; old_row: string | null; new_row: string | null }>>(
    service,
    `SELECT "table_name", "old_row", "new_row" FROM ${changeLogLayoutOf(service).changes} WHERE "position" > ? AND "table_name" IN (${list})`,
    [since.service, ...tables],
  );
  for (const row of fromService) add(keys, row.table_name, (JSON.parse(row.new_row ?? row.old_row ?? "{}") as { legacy_id?: unknown }).legacy_id);
  return keys;
}
