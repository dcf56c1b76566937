import { existsSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import Database from "better-sqlite3";
import type { DataSource } from "typeorm";
import { makePrivateDir, privateSqliteFiles } from "../../platform";
import { CdcError } from "../core/errors";
import type { RelayGroup, RelayProgress } from "../core/ports";

const TABLE = "relay_progress";
const GROUPS = "relay_groups";

/**
 * The toolkit's own SQLite file beside a source database, where relays keep their progress:
 * `<dir>/<name>.sqlite` → `<dir>/<name>.strangler.sqlite` (e.g. `monolith.strangler.sqlite`).
 */
export function relayProgressPath(sourceDatabase: string): string {
  const file = resolve(sourceDatabase);
  return join(dirname(file), `${basename(file, extname(file))}.strangler.sqlite`);
}

/** The default progress file of a source DataSource: beside its database file (`relayProgressPath`). */
export function defaultProgressFile(db: DataSource): string {
  const database = (db.options as { database?: unknown }).database;
  if (db.options.type === "better-sqlite3" && typeof database === "string" && database !== "" && database !== ":memory:") {
    return relayProgressPath(database);
  }
  throw new CdcError("CDC_ERR_NEEDS_FILE_DATABASE", "The relay keeps its progress in a file beside the source database file, and this DataSource has none: pass `progressFile`.");
}

/**
 * RelayProgress in the table `relay_progress (source, published_through, updated_at)` of the
 * toolkit's own file, and the transaction group being published in `relay_groups (source,
 * group_start, group_end, updated_at)` (created with the tables when missing; WAL). Nothing of it lives in the source
 * database, so saving progress can never make a legacy write fail with SQLITE_BUSY.
 */
export class SqliteRelayProgress implements RelayProgress {
  private constructor(
    private readonly db: Database.Database,
    private readonly source: string,
    /** The progress file. */
    readonly file: string,
  ) {}

  /** Opens (creates when missing) the progress file and its table; `source` is the capture source name. */
  static open(file: string, source: string): SqliteRelayProgress {
    makePrivateDir(dirname(resolve(file)));
    const db = new Database(file);
    try {
      // 0600 before WAL: SQLite gives the -wal and -shm the database file's mode.
      privateSqliteFiles(file);
      db.pragma("journal_mode = WAL");
      // Losing the last saved progress to a power cut only re-sends changes, which is harmless.
      db.pragma("synchronous = NORMAL");
      // Only readers share this file with the relay (status, drain); a short wait covers a checkpoint.
      db.pragma("busy_timeout = 100");
      db.exec(`CREATE TABLE IF NOT EXISTS "${TABLE}" ("source" TEXT PRIMARY KEY, "published_through" INTEGER NOT NULL, "updated_at" TEXT NOT NULL)`);
      db.exec(`CREATE TABLE IF NOT EXISTS "${GROUPS}" ("source" TEXT PRIMARY KEY, "group_start" INTEGER NOT NULL, "group_end" INTEGER NOT NULL, "updated_at" TEXT NOT NULL)`);
    } catch (err) {
      db.close();
      throw err;
    }
    return new SqliteRelayProgress(db, source, file);
  }

  async load(): Promise<number | null> {
    const row = this.db.prepare(`SELECT "published_through" AS "through" FROM "${TABLE}" WHERE "source" = ?`).get(this.source) as { through: number } | undefined;
    return row ? Number(row.through) : null;
  }

  async save(position: number): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO "${TABLE}" ("source", "published_through", "updated_at") VALUES (?, ?, ?)
           ON CONFLICT ("source") DO UPDATE SET "published_through" = excluded."published_through", "updated_at" = excluded."updated_at"`,
      )
      .run(this.source, position, new Date().toISOString());
  }

  async loadGroup(): Promise<RelayGroup | null> {
    const row = this.db.prepare(`SELECT "group_start" AS "start", "group_end" AS "end" FROM "${GROUPS}" WHERE "source" = ?`).get(this.source) as RelayGroup | undefined;
    return row ? { start: Number(row.start), end: Number(row.end) } : null;
  }

  async saveGroup(group: RelayGroup): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO "${GROUPS}" ("source", "group_start", "group_end", "updated_at") VALUES (?, ?, ?, ?)
           ON CONFLICT ("source") DO UPDATE SET "group_start" = excluded."group_start", "group_end" = excluded."group_end", "updated_at" = excluded."updated_at"`,
      )
      .run(this.source, group.start, group.end, new Date().toISOString());
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/**
 * Reads a source's published-through from a progress file without writing anything; null when
 * the file, its table or the source's row is not there (no relay has saved progress yet).
 */
export function readPublishedThrough(file: string, source: string): number | null {
  if (!existsSync(file)) return null;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma("busy_timeout = 200");
    const row = db.prepare(`SELECT "published_through" AS "through" FROM "${TABLE}" WHERE "source" = ?`).get(source) as { through: number } | undefined;
    return row ? Number(row.through) : null;
  } catch (err) {
    if (/no such table/.test(String(err))) return null;
    throw err;
  } finally {
    db.close();
  }
}

/**
 * A source's published-through as `WriteSide.publishedThrough` wants it: read (never written) from
 * `progressFile`, the progress file of the relay of `source`; 0 while none is saved. No default: a
 * SQLite source's is `defaultProgressFile(db)` (beside its file), a PostgreSQL source's is wherever
 * its relay was told to keep it (`startRelay({ progressFile })`; the stack: `<dataDir>/<source>.strangler.sqlite`).
 */
export function publishedThroughOf(progressFile: string, source: string): () => Promise<number> {
  return async () => readPublishedThrough(progressFile, source) ?? 0;
}
