import type { DataSource } from "typeorm";
import { runSql } from "../capture/sql-text";

/** The highest position in a database's change log (0 when it is empty). */
export async function changeLogHead(db: DataSource): Promise<number> {
  const [row] = await runSql<Array<{ head: number | string | null }>>(db, `SELECT MAX("position") AS "head" FROM "_strangler_changes"`);
  return Number(row?.head ?? 0);
}
