import type { DataSource, EntityManager } from "typeorm";
import { PG_CHANGE_LOG_LAYOUT } from "../postgres/pg-change-log-layout";
import { SQLITE_CHANGE_LOG_LAYOUT, type ChangeLogLayout } from "./sqlite-change-log-layout";

/** Where the change log of `db`'s dialect lives (PostgreSQL: `strangler.changes`; SQLite: `_strangler_changes`). */
export function changeLogLayoutOf(db: DataSource | EntityManager): ChangeLogLayout {
  const type = "connection" in db ? db.connection.options.type : db.options.type;
  return type === "postgres" ? PG_CHANGE_LOG_LAYOUT : SQLITE_CHANGE_LOG_LAYOUT;
}
