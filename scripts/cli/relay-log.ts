import { existsSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { RelayView } from "./sync-view";

/**
 * The relay's side of a stream, read from the source database's change log (`_strangler_changes`,
 * docs/cdc.md): how many captured changes the broker has not acknowledged yet. By convention the
 * stream `CDC_<SOURCE>` comes from `<dataDir>/<source>.sqlite`; null when that file is not there.
 */
export function readRelayLog(dataDir: string, stream: string, now = Date.now()): RelayView | null {
  const source = stream.replace(/^CDC_/, "").toLowerCase();
  const database = join(dataDir, `${source}.sqlite`);
  if (!existsSync(database)) return null;
  const db = new Database(database, { readonly: true, fileMustExist: true });
  try {
    db.pragma("busy_timeout = 1000");
    const row = db
      .prepare(`SELECT MAX("position") AS last, SUM(CASE WHEN "published" = 0 THEN 1 ELSE 0 END) AS unpublished, MIN(CASE WHEN "published" = 0 THEN "committed_at" END) AS oldest FROM "_strangler_changes"`)
      .get() as { last: number | null; unpublished: number | null; oldest: string | null };
    return {
      source,
      database,
      lastPosition: row.last ?? 0,
      unpublished: row.unpublished ?? 0,
      oldestUnpublishedAgeMs: row.oldest ? Math.max(0, now - Date.parse(row.oldest)) : null,
    };
  } catch {
    // A database without capture installed has no change log: nothing to report.
    return null;
  } finally {
    db.close();
  }
}
