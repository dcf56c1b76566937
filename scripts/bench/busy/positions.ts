import Database from "better-sqlite3";
import { readPublishedThrough, relayProgressPath } from "../../../cdc";
import { SYNC_STATUS_PATH, type SyncStatus } from "../../../contracts";

/**
 * Read-only looks at the legacy change log, the relay's progress file and the catalog's sync
 * status, taken between rounds (never while the load runs). Each opens and closes its own
 * read-only connection, so the bench holds nothing open on the legacy file.
 */
export class Positions {
  constructor(
    private readonly monolithDatabase: string,
    private readonly catalogUrl: () => string | null,
  ) {}

  /** The log's head: the highest position ever given (AUTOINCREMENT), also after pruning. */
  head(): number {
    return this.read((db) => {
      const row = db.prepare(`SELECT MAX(COALESCE((SELECT "seq" FROM "sqlite_sequence" WHERE "name" = '_strangler_changes'), 0), COALESCE((SELECT MAX("position") FROM "_strangler_changes"), 0)) AS "head"`).get() as { head: number };
      return Number(row.head);
    });
  }

  /** Rows in the change log, and the lowest position still there (null when empty). */
  rows(): { count: number; oldest: number | null } {
    return this.read((db) => {
      const row = db.prepare(`SELECT COUNT(*) AS "count", MIN("position") AS "oldest" FROM "_strangler_changes"`).get() as { count: number; oldest: number | null };
      return { count: Number(row.count), oldest: row.oldest === null ? null : Number(row.oldest) };
    });
  }

  /** The relay's published-through, from its progress file beside the legacy file (0 before the first save). */
  publishedThrough(): number {
    return readPublishedThrough(relayProgressPath(this.monolithDatabase), "monolith") ?? 0;
  }

  /** The catalog's `GET /internal/sync/status`, or null when the catalog does not run. */
  async syncStatus(): Promise<SyncStatus | null> {
    const url = this.catalogUrl();
    if (!url) return null;
    const response = await fetch(url + SYNC_STATUS_PATH, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`${SYNC_STATUS_PATH} answered ${response.status}`);
    return (await response.json()) as SyncStatus;
  }

  /** Changes the catalog's consumers still have to take, summed over both streams, and parked ones. */
  async syncBacklog(): Promise<{ backlog: number; parked: number } | null> {
    const status = await this.syncStatus();
    if (!status) return null;
    return status.streams.reduce((sum, stream) => ({ backlog: sum.backlog + stream.backlog, parked: sum.parked + stream.parked }), { backlog: 0, parked: 0 });
  }

  private read<T>(work: (db: Database.Database) => T): T {
    const db = new Database(this.monolithDatabase, { readonly: true, fileMustExist: true });
    try {
      return work(db);
    } finally {
      db.close();
    }
  }
}

/** Polls `check` every 50 ms until it holds; resolves with the time it took, rejects after `timeoutMs` naming `what`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now() - started;
}
