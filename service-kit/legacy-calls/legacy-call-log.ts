import { randomUUID } from "node:crypto";
import type { DataSource, EntityManager } from "typeorm";
import { LEGACY_CALLS_TABLE } from "../../cdc";

export type LegacyCallState = "started" | "done" | "refused" | "compensated";

/** One row of the log (`_strangler_legacy_calls`). */
export interface LegacyCallRow {
  key: string;
  kind: string;
  payload: unknown;
  state: LegacyCallState;
  process: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

interface RawRow {
  key: string;
  kind: string;
  payload: string;
  state: LegacyCallState;
  process: string;
  attempts: number;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

const rowOf = (raw: RawRow): LegacyCallRow => ({
  key: raw.key,
  kind: raw.kind,
  payload: JSON.parse(raw.payload) as unknown,
  state: raw.state,
  process: raw.process,
  attempts: Number(raw.attempts),
  lastError: raw.last_error,
  createdAt: raw.created_at,
  updatedAt: raw.updated_at,
});

/**
 * The service's log of its calls to the legacy side, in its own database: written `started`
 * (committed) before a call goes out, so a crash at any later moment leaves a row the recovery
 * finds; marked `done` inside the transaction of the service's own write. Every process has its
 * own `process` id: rows started by an earlier life of the service are orphans at once.
 */
export class LegacyCallLog {
  /** This process's id in the `process` column. */
  readonly process = randomUUID();

  constructor(private readonly db: DataSource) {}

  async start(key: string, kind: string, payload: unknown): Promise<void> {
    const now = new Date().toISOString();
    await this.db
      .createQueryBuilder()
      .insert()
      .into(LEGACY_CALLS_TABLE)
      .values({ key, kind, payload: JSON.stringify(payload), state: "started", process: this.process, attempts: 1, last_error: null, created_at: now, updated_at: now })
      .execute();
  }

  /** Marks a started call done, in the caller's transaction (the one holding the service's own write). */
  async finish(tx: EntityManager, key: string): Promise<void> {
    const result = await tx.createQueryBuilder().update(LEGACY_CALLS_TABLE).set({ state: "done", updated_at: new Date().toISOString() }).where("key = :key AND state = 'started'", { key }).execute();
    if (result.affected !== 1) throw new Error(`legacy call ${key} is no longer started (recovered meanwhile?): the service's write is not made`);
  }

  /** Ends a started call as refused or compensated (only a started one: a call is settled once). */
  async settle(key: string, state: "refused" | "compensated"): Promise<boolean> {
    const result = await this.db.createQueryBuilder().update(LEGACY_CALLS_TABLE).set({ state, updated_at: new Date().toISOString() }).where("key = :key AND state = 'started'", { key }).execute();
    return result.affected === 1;
  }

  /** Records a failed attempt to settle a started call (it stays started, for the next round). */
  async failedAttempt(key: string, error: string): Promise<void> {
    await this.db
      .createQueryBuilder()
      .update(LEGACY_CALLS_TABLE)
      .set({ attempts: () => "attempts + 1", last_error: error.slice(0, 2000), updated_at: new Date().toISOString() })
      .where("key = :key AND state = 'started'", { key })
      .execute();
  }

  /** Started calls to recover: an earlier process's, or this process's older than `olderThanMs` (a call that lost its way). */
  async orphans(olderThanMs: number, limit = 100): Promise<LegacyCallRow[]> {
    const before = new Date(Date.now() - olderThanMs).toISOString();
    const rows: RawRow[] = await this.db
      .createQueryBuilder()
      .select("*")
      .from(LEGACY_CALLS_TABLE, "call")
      .where("call.state = 'started' AND (call.process <> :process OR call.created_at < :before)", { process: this.process, before })
      .orderBy("call.created_at", "ASC")
      .limit(limit)
      .getRawMany();
    return rows.map(rowOf);
  }

  async read(key: string): Promise<LegacyCallRow | null> {
    const raw: RawRow | undefined = await this.db.createQueryBuilder().select("*").from(LEGACY_CALLS_TABLE, "call").where("call.key = :key", { key }).getRawOne();
    return raw ? rowOf(raw) : null;
  }

  /** How many calls are in each state (status and metrics). */
  async counts(): Promise<Record<LegacyCallState, number>> {
    const rows: Array<{ state: LegacyCallState; count: number | string }> = await this.db.createQueryBuilder().select("call.state", "state").addSelect("COUNT(*)", "count").from(LEGACY_CALLS_TABLE, "call").groupBy("call.state").getRawMany();
    const counts: Record<LegacyCallState, number> = { started: 0, done: 0, refused: 0, compensated: 0 };
    for (const row of rows) counts[row.state] = Number(row.count);
    return counts;
  }
}
