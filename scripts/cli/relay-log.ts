import { existsSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { readPublishedThrough, relayProgressPath } from "../../cdc/relay/sqlite-relay-progress";
import type { CliConfig } from "./config";
import type { RelayView } from "./sync-view";

/**
 * The relay's side of a stream (docs/cdc.md): the log head, read from the source database's change
 * log, and the relay's published-through, read from its progress file; the changes between them are
 * not yet acknowledged by the broker. Both are opened read-only. By convention the stream
 * `CDC_<SOURCE>` comes from `<dataDir>/<source>.sqlite` (`_strangler_changes`, progress beside it in
 * `<source>.strangler.sqlite`), except a database on PostgreSQL — the monolith's with
 * MONOLITH_DATABASE_URL, a service's with `<NAME>_DATABASE_URL` (`strangler.changes`, progress in
 * `<dataDir>/<source>.strangler.sqlite`: pg-relay-log.ts).
 * Null when the database is not there or has no change log.
 */
export async function readRelayLog(config: Pick<CliConfig, "dataDir" | "monolithDatabaseUrl" | "serviceDatabaseUrls">, stream: string, now = Date.now()): Promise<RelayView | null> {
  const source = stream.replace(/^CDC_/, "").toLowerCase();
  const url = source === "monolith" ? config.monolithDatabaseUrl : config.serviceDatabaseUrls[source];
  if (url !== undefined) {
    // typeorm and the pg driver, loaded only for a PostgreSQL source.
    const { readPostgresRelayLog } = require("./pg-relay-log") as typeof import("./pg-relay-log");
    return readPostgresRelayLog(url, source, config.dataDir, now);
  }
  return readSqliteRelayLog(join(config.dataDir, `${source}.sqlite`), source, now);
}

function readSqliteRelayLog(database: string, source: string, now: number): RelayView | null {
  if (!existsSync(database)) return null;
  const saved = readPublishedThrough(relayProgressPath(database), source);
  const db = new Database(database, { readonly: true, fileMustExist: true });
  try {
    db.pragma("busy_timeout = 1000");
    // Before a relay saved progress, it will start below the first row an older relay left unpublished.
    const through = saved ?? (db.prepare(`SELECT COALESCE((SELECT MIN("position") - 1 FROM "_strangler_changes" WHERE "published" = 0), (SELECT MAX("position") FROM "_strangler_changes"), 0) AS "through"`).get() as { through: number }).through;
    const head = db.prepare(`SELECT MAX("position") AS "last" FROM "_strangler_changes"`).get() as { last: number | null };
    const waiting = db
      .prepare(`SELECT COUNT(*) AS "count", (SELECT "committed_at" FROM "_strangler_changes" WHERE "position" > ? ORDER BY "position" LIMIT 1) AS "oldest" FROM "_strangler_changes" WHERE "position" > ?`)
      .get(through, through) as { count: number; oldest: string | null };
    return {
      source,
      database,
      lastPosition: head.last ?? 0,
      publishedThrough: through,
      unpublished: waiting.count,
      oldestUnpublishedAgeMs: waiting.oldest ? Math.max(0, now - Date.parse(waiting.oldest)) : null,
    };
  } catch {
    // A database without capture installed has no change log: nothing to report.
    return null;
  } finally {
    db.close();
  }
}
