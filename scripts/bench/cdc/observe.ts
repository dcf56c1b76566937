import Database from "better-sqlite3";
import { readPublishedThrough } from "../../../cdc";
import { CONSUMER_CHECKPOINTS_TABLE } from "../../../cdc/sqlite/consumer-tables-v1";
import { checkHistory, type AppliedChange, type HistoryReport } from "../../../cdc/testing";
import { SYNC_STATUS_PATH, type StreamSyncStatus, type SyncStatus } from "../../../contracts";
import type { SourceLog } from "./source-log";

/** The tables the catalog's mapping follows (extracted/catalog/sync/catalog-mapping.ts). */
export const MAPPED_TABLES = ["categories", "products", "order_lines"] as const;

/**
 * Read-only looks at the monolith's change log (SQLite or PostgreSQL: source-log.ts), the relay's
 * progress file and the catalog's `GET /internal/sync/status`: what an operator can see too. Each
 * file read opens and closes its own read-only connection, so the bench holds nothing open on the
 * legacy database.
 */
export class Observer {
  constructor(
    readonly log: SourceLog,
    /** The relay's progress file (`<STRANGLER_DATA_DIR>/monolith.strangler.sqlite`, on either database). */
    private readonly progressFile: string,
    private readonly catalogFile: string,
    private readonly catalogUrl: string,
    /** Throws when a part the drain waits for is gone (checked while waiting). */
    private readonly health: () => void = () => undefined,
  ) {}

  /** The log's head: the highest position handed out. */
  head(): Promise<number> {
    return this.log.head();
  }

  publishedThrough(): number {
    return readPublishedThrough(this.progressFile, "monolith") ?? 0;
  }

  /** The catalog's status of its consumer of CDC_MONOLITH. */
  async forward(): Promise<StreamSyncStatus> {
    const response = await fetch(this.catalogUrl + SYNC_STATUS_PATH, { signal: AbortSignal.timeout(60_000) });
    if (!response.ok) throw new Error(`${SYNC_STATUS_PATH} answered ${response.status}`);
    const stream = ((await response.json()) as SyncStatus).streams.find((entry) => entry.stream === "CDC_MONOLITH");
    if (!stream) throw new Error(`${SYNC_STATUS_PATH} lists no CDC_MONOLITH stream`);
    return stream;
  }

  /** The highest mapped change (categories, products, order_lines) at or below `head`, 0 when none. */
  lastMapped(head: number): Promise<number> {
    return this.log.lastOf(head, MAPPED_TABLES);
  }

  /**
   * The catalog consumer's checkpoint (catalog.sqlite, committed with each batch): where it starts
   * (its backfill's position + 1) and the highest position it applied or recorded.
   */
  checkpoint(): { start: number; last: number } {
    return readOnly(this.catalogFile, (db) => {
      const row = db.prepare(`SELECT "start_position" AS "start", "last_position" AS "last" FROM "${CONSUMER_CHECKPOINTS_TABLE}" WHERE "consumer" = 'catalog-from-monolith'`).get() as
        | { start: number; last: number }
        | undefined;
      return row ? { start: Number(row.start), last: Number(row.last) } : { start: 0, last: 0 };
    });
  }

  /** True once the consumer's checkpoint reached `position` (or it starts above it: nothing there to apply). */
  private appliedThrough(position: number): boolean {
    const { start, last } = this.checkpoint();
    return position < start || last >= position;
  }

  /**
   * Waits until the relay has published through `head` (its progress file) and the catalog's consumer
   * has taken everything up to it: while it works, the bench only reads files (the relay's progress,
   * the consumer's checkpoint in catalog.sqlite, committed with each batch) every 10 ms, so it does
   * not load the processes it measures; once the checkpoint reached the last mapped change, the
   * catalog's `GET /internal/sync/status` must show a backlog of 0 (every message acknowledged, each
   * only after its apply transaction committed), else it is asked again until it does. Resolves with
   * the moments (performance.now()) each was first seen.
   */
  async drained(head: number, timeoutMs: number): Promise<{ publishedAt: number; appliedAt: number }> {
    const deadline = performance.now() + timeoutMs;
    const check = (what: string) => {
      this.health();
      if (performance.now() > deadline) throw new Error(`not drained through position ${head} within ${timeoutMs} ms: ${what}`);
    };
    const lastMapped = await this.lastMapped(head);
    let publishedAt: number | null = null;
    for (;;) {
      if (publishedAt === null && this.publishedThrough() >= head) publishedAt = performance.now();
      if (publishedAt !== null && this.appliedThrough(lastMapped)) break;
      check(`relay published through ${this.publishedThrough()}, catalog checkpoint ${JSON.stringify(this.checkpoint())} (last mapped change ${lastMapped})`);
      await sleep(10);
    }
    let appliedAt = performance.now();
    for (;;) {
      const status = await this.forward();
      if (status.parked > 0) throw new Error(`the catalog parked ${status.parked} change(s): see the catalog's log`);
      if (status.backlog === 0) return { publishedAt, appliedAt };
      check(`the catalog's backlog is ${status.backlog}`);
      await sleep(25);
      appliedAt = performance.now();
    }
  }

  /** Rows of the change log in (after, through], per table. */
  changesPerTable(after: number, through: number): Promise<Record<string, number>> {
    return this.log.changesPerTable(after, through);
  }

  /**
   * The history checker (cdc/testing) on the changes in (after, through]: every change of a mapped
   * table (not of origin `catalog`) is in the catalog's apply journal exactly once, in position
   * order per row. Needs the catalog to have run with its journal on for that whole range.
   */
  async history(after: number, through: number): Promise<HistoryReport & { changes: number; applications: number }> {
    const source = await this.log.changesOf(after, through, MAPPED_TABLES);
    const applied = readOnly(this.catalogFile, (db) =>
      (
        db
          .prepare(`SELECT "position", "table_name", "key" FROM "_strangler_apply_journal" WHERE "source" = 'monolith' AND "position" > ? AND "position" <= ? ORDER BY "seq"`)
          .all(after, through) as Array<{ position: number; table_name: string; key: string }>
      ).map((row): AppliedChange => ({ position: Number(row.position), table: row.table_name, key: JSON.parse(row.key) as Record<string, unknown> })),
    );
    return { ...checkHistory(source, applied), changes: source.length, applications: applied.length };
  }
}

function readOnly<T>(file: string, work: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma("busy_timeout = 1000");
    return work(db);
  } finally {
    db.close();
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
