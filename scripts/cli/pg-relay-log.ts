import { DataSource, type DataSourceOptions } from "typeorm";
import { readPublishedThrough } from "../../cdc/relay/sqlite-relay-progress";
import { SqlChangeLog } from "../../cdc/sqlite/sql-change-log";
import { CDC_ERROR_CODES } from "../../cdc/core/errors";
// The modules themselves, not the platform barrel: the CLI must not load express or winston.
import { postgresOptions, redactDatabaseUrl } from "../../platform/postgres-options";
import { safeErrorMessage } from "../../platform/safe-error";
import { relayProgressFile } from "../../service-kit/sync/monolith-databases";
import type { RelayView } from "./sync-view";

/** A status read must not hang on a database that does not answer (the pool's default waits 30 s). */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * The relay's side of the stream of a PostgreSQL source (`url`, e.g. MONOLITH_DATABASE_URL): the
 * log head and the changes above the relay's published-through, read from `strangler.changes`
 * through the same SqlChangeLog (and PostgreSQL layout) the relay reads it with; the
 * published-through from the relay's progress file in the data folder (`relayProgressFile`:
 * `<dataDir>/<source>.strangler.sqlite`). Before a relay saved progress it counts from where a relay
 * would start. Read-only. Null when the database has no change capture; a database that cannot be
 * read gives a view with `error` (the URL's password masked).
 */
export async function readPostgresRelayLog(url: string, source: string, dataDir: string, now = Date.now()): Promise<RelayView | null> {
  const shown = redactDatabaseUrl(url);
  const options = postgresOptions(url, 1);
  const db = new DataSource({
    ...options,
    extra: { ...(options as { extra?: object }).extra, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, statement_timeout: CONNECT_TIMEOUT_MS },
    entities: [],
    migrations: [],
  } as DataSourceOptions);
  try {
    await db.initialize();
    const log = await SqlChangeLog.open(db);
    const progressFile = relayProgressFile(url, source, dataDir) as string;
    const through = readPublishedThrough(progressFile, source) ?? (await log.legacyPublishedThrough());
    const lastPosition = await log.head();
    const waiting = await log.backlog(through);
    return {
      source,
      database: shown,
      lastPosition,
      publishedThrough: through,
      unpublished: waiting.count,
      oldestUnpublishedAgeMs: waiting.oldestCommittedAt ? Math.max(0, now - Date.parse(waiting.oldestCommittedAt)) : null,
    };
  } catch (err) {
    // A database without capture installed has no change log: nothing to report, as for a SQLite source.
    if ((err as { code?: unknown }).code === CDC_ERROR_CODES.notInstalled) return null;
    return { source, database: shown, lastPosition: null, publishedThrough: null, unpublished: null, oldestUnpublishedAgeMs: null, error: `cannot read its change log: ${safeErrorMessage(err)}` };
  } finally {
    if (db.isInitialized) await db.destroy();
  }
}
