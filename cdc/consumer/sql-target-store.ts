import type { DataSource, EntityManager, QueryRunner } from "typeorm";
import type { ChangeEvent } from "../../contracts";
import { setCaptureOrigin } from "../sqlite/capture-origin";
import { APPLIED_POSITIONS_TABLE as APPLIED, CONSUMER_CHECKPOINTS_TABLE as CHECKPOINTS } from "../sqlite/consumer-tables-v1";
import { APPLY_JOURNAL_TABLE } from "../sqlite/apply-journal-v1";
import { DISCARDED_CHANGES_TABLE } from "../sqlite/discarded-changes-v1";
import { fencedAmong } from "../sqlite/write-fence";
import { runSql } from "../sqlite/sql-text";
import { decideApply, type KeyState } from "../core/apply-decision";
import { CdcError } from "../core/errors";
import { keyText } from "../core/keys";
import type { ApplyOutcome, DiscardAudit, DiscardResult, ParkedChange, ParkedFilter, ReplayResult, TargetStore } from "../core/ports";
import type { Mapping } from "./mapping";
import { SqlParkedChanges } from "./sql-parked-changes";
import { readStoredPositions } from "./stored-positions";
import { applyUnits } from "./transaction-groups";

export interface SqlTargetStoreOptions {
  /** The target database (its migrations ran installConsumerTablesV1). */
  db: DataSource;
  /** Durable consumer name: the checkpoint row's key. */
  consumer: string;
  source: string;
  mapping: Mapping;
  /** The target's own database name: changes with this origin are recorded but not applied. */
  ownOrigin?: string;
  /** True when the target captures its own changes: applies then run with the change's origin. */
  targetHasCapture?: boolean;
  /**
   * Tables one side owns at a time (a write group's moved tables, named alike on both sides). A
   * change to one of them is applied only while the target does NOT own it — while the target's
   * write fence is on for it; otherwise the target is the system of record and the change is
   * parked with the reason, never applied (docs/write-path.md, "Ownership").
   */
  ownedTables?: readonly string[];
  /** Keep an apply journal: a row per applied change in `_strangler_apply_journal`, in the apply transaction. */
  journal?: boolean;
}

/** What a batch reads once and every change of it uses. */
interface BatchContext {
  start: number;
  anyParked: boolean;
  /** The owned tables the target's write fence is on for (null: no owned tables configured). */
  fenced: ReadonlySet<string> | null;
  /**
   * Fast path only (no savepoints): the stored position of each row of the batch (null: none),
   * read in a few queries when the batch begins and kept current as the batch stores positions —
   * nothing else writes them inside the transaction. Absent: each change reads its row's position.
   */
  positions?: Map<string, number | null>;
  /**
   * Fast path only: the capture origin the open transaction has set (null: none). It is set once
   * per run of changes of one origin and reset once before the commit, instead of around every
   * change. Absent (savepoints, replay): set and reset around each change, since rolling back a
   * savepoint would also roll back a setting made inside it.
   */
  origin?: { current: string | null };
}

/** Identity of a row's stored position: source, table and key text. */
const positionId = (source: string, table: string, key: string): string => `${source}\u0000${table}\u0000${key}`;

const now = (): string => new Date().toISOString();

/** A change threw on the fast path (or a group could not apply whole): the batch is run again unit by unit. */
class ChangeFailed extends Error {
  constructor(readonly error: unknown) {
    super("a change of the batch failed");
  }
}

/** Outcomes that take a change: everything else leaves it for later (and its group with it). */
const TAKEN: ReadonlySet<ApplyOutcome["kind"]> = new Set(["applied", "recorded", "ignored", "skipped"]);


/** TargetStore over a TypeORM DataSource: mapping, stored positions, parked changes, checkpoint. */
export class SqlTargetStore implements TargetStore {
  private start: number | null = null;
  private lastPosition = 0;
  private turn: Promise<unknown> = Promise.resolve();
  private readonly parked: SqlParkedChanges;
  /**
   * SQLite: the query runner every batch runs on. TypeORM's better-sqlite3 runner keeps the
   * statements it prepared (a cache per runner, over the DataSource's one connection), so a batch
   * does not compile its statements again — nor the target's triggers on the mapped tables with
   * them, which made a fresh runner per batch cost about as much as the applies. Replaced after a
   * batch failed for a reason other than a change. Other drivers take a runner (a pooled
   * connection) per batch and give it back, as before.
   */
  private runner: QueryRunner | null = null;
  private readonly keepRunner: boolean;

  constructor(private readonly options: SqlTargetStoreOptions) {
    this.parked = new SqlParkedChanges(options.source);
    this.keepRunner = options.db.options.type === "better-sqlite3";
  }

  /**
   * One call at a time: a SQLite DataSource is a single connection, so a replay started while a
   * batch is open would otherwise run inside the batch's transaction.
   */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.turn.then(work, work);
    this.turn = result.catch(() => undefined);
    return result;
  }

  applyBatch(events: readonly ChangeEvent[], beforeCommit?: () => void): Promise<ApplyOutcome[]> {
    return this.exclusive(() => this.applyBatchNow(events, beforeCommit));
  }

  /**
   * Fast path: the whole batch without savepoints. Only if a change throws is the batch rolled back
   * and run again with a savepoint per change, so that one failing change does not undo the others.
   */
  private async applyBatchNow(events: readonly ChangeEvent[], beforeCommit?: () => void): Promise<ApplyOutcome[]> {
    try {
      return await this.runBatch(events, false, beforeCommit);
    } catch (err) {
      if (!(err instanceof ChangeFailed)) throw err;
      return this.runBatch(events, true, beforeCommit);
    }
  }

  private async runBatch(events: readonly ChangeEvent[], isolate: boolean, beforeCommit?: () => void): Promise<ApplyOutcome[]> {
    const start = await this.loadStart();
    const runner = (this.runner ??= this.options.db.createQueryRunner());
    await runner.connect();
    await runner.startTransaction();
    try {
      // Write first: if another writer holds the lock, the whole batch fails and is redelivered,
      // instead of one change being counted as failing.
      await this.saveCheckpoint(runner.manager, start, this.lastPosition);
      const context: BatchContext = { start, anyParked: (await this.parked.count(runner.manager)) > 0, fenced: await this.fencedOwnedTables(runner.manager) };
      if (!isolate) {
        context.positions = await this.storedPositions(runner.manager, events);
        context.origin = { current: null };
      }
      const outcomes: ApplyOutcome[] = [];
      let highest = this.lastPosition;
      for (const unit of applyUnits(events)) {
        const unitOutcomes = isolate ? await this.applyUnitIsolated(runner, unit, context) : await this.applyUnitOrSignal(runner.manager, unit, context);
        unit.forEach((event, index) => {
          const outcome = unitOutcomes[index];
          outcomes.push(outcome);
          if (outcome.kind === "applied" || outcome.kind === "recorded") highest = Math.max(highest, event.position);
        });
      }
      // A committed capture context never holds an origin.
      if (context.origin && context.origin.current !== null) await setCaptureOrigin(runner.manager, null);
      if (highest > this.lastPosition) await this.saveCheckpoint(runner.manager, start, highest);
      beforeCommit?.();
      await runner.commitTransaction();
      this.lastPosition = highest;
      if (!this.keepRunner) await this.dropRunner(runner);
      return outcomes;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      // Unless a change failed (its batch runs again on it at once), the next batch takes a fresh
      // runner: the database failed (busy, a lost connection), or this driver pools its connections.
      if (!(error instanceof ChangeFailed) || !this.keepRunner) await this.dropRunner(runner);
      throw error;
    }
  }

  private async dropRunner(runner: QueryRunner): Promise<void> {
    if (this.runner === runner) this.runner = null;
    await runner.release().catch(() => undefined);
  }

  /**
   * The stored positions of the batch's rows, in one query per source and table for up to
   * STORED_POSITION_QUERY_KEYS keys (readStoredPositions), instead of one query per change.
   */
  private async storedPositions(tx: EntityManager, events: readonly ChangeEvent[]): Promise<Map<string, number | null>> {
    const positions = new Map<string, number | null>();
    const groups = new Map<string, { source: string; table: string; keys: string[] }>();
    for (const event of events) {
      if (!this.options.mapping[event.table]) continue;
      const key = keyText(event.key);
      const id = positionId(event.source, event.table, key);
      if (positions.has(id)) continue;
      positions.set(id, null);
      const group = `${event.source}\u0000${event.table}`;
      const entry = groups.get(group) ?? { source: event.source, table: event.table, keys: [] };
      entry.keys.push(key);
      groups.set(group, entry);
    }
    for (const { source, table, keys } of groups.values()) {
      for (const [key, position] of await readStoredPositions(tx, source, table, keys)) positions.set(positionId(source, table, key), position);
    }
    return positions;
  }

  /** The owned tables the target's write fence is on for, read in the batch's transaction. */
  private async fencedOwnedTables(tx: EntityManager): Promise<ReadonlySet<string> | null> {
    const owned = this.options.ownedTables;
    if (!owned || owned.length === 0) return null;
    return fencedAmong(tx, owned);
  }

  private async applyOrSignal(tx: EntityManager, event: ChangeEvent, context: BatchContext): Promise<ApplyOutcome> {
    try {
      return await this.applyOne(tx, event, context);
    } catch (error) {
      throw new ChangeFailed(error);
    }
  }

  /** Fast path: a group whose changes do not all take signals the batch to run again unit by unit. */
  private async applyUnitOrSignal(tx: EntityManager, unit: readonly ChangeEvent[], context: BatchContext): Promise<ApplyOutcome[]> {
    const outcomes: ApplyOutcome[] = [];
    for (const event of unit) outcomes.push(await this.applyOrSignal(tx, event, context));
    if (unit.length > 1 && outcomes.some((outcome) => !TAKEN.has(outcome.kind))) throw new ChangeFailed(new Error(`transaction ${unit[0].tx?.id} cannot apply whole now`));
    return outcomes;
  }

  /**
   * One unit on a savepoint of its own. A group applies whole or not at all: when one of its
   * changes throws, waits or is parked, the savepoint is rolled back and every change of the group
   * gets that outcome; a group that must be parked is parked whole (each of its rows then holds its
   * later changes behind it, as any parked change does).
   */
  private async applyUnitIsolated(runner: QueryRunner, unit: readonly ChangeEvent[], context: BatchContext): Promise<ApplyOutcome[]> {
    await runner.startTransaction();
    const outcomes: ApplyOutcome[] = [];
    try {
      for (const event of unit) outcomes.push(await this.applyOne(runner.manager, event, context));
    } catch (error) {
      await runner.rollbackTransaction();
      return unit.map(() => ({ kind: "failed", error }));
    }
    const blocking = unit.length > 1 ? outcomes.find((outcome) => !TAKEN.has(outcome.kind)) : undefined;
    if (!blocking) {
      await runner.commitTransaction();
      return outcomes;
    }
    await runner.rollbackTransaction();
    if (blocking.kind !== "parked") return unit.map(() => blocking);
    const reason = `parked with its source transaction ${unit[0].tx?.id}: ${blocking.reason}`;
    await runner.startTransaction();
    try {
      for (const [index, event] of unit.entries()) if (outcomes[index].kind !== "skipped") await this.parked.insert(runner.manager, event, keyText(event.key), reason, 0, new Date());
      await runner.commitTransaction();
    } catch (error) {
      await runner.rollbackTransaction();
      return unit.map(() => ({ kind: "failed", error }));
    }
    return unit.map(() => ({ kind: "parked", reason }));
  }

  private async applyOne(tx: EntityManager, event: ChangeEvent, context: BatchContext): Promise<ApplyOutcome> {
    const table = this.options.mapping[event.table];
    if (!table) return { kind: "ignored" };
    const key = keyText(event.key);
    const decision = decideApply(event, await this.keyState(tx, event, key, context), context.start);
    switch (decision.action) {
      case "skip":
        return { kind: "skipped", reason: decision.reason };
      case "wait":
        return { kind: "waiting", waitingFor: decision.waitingFor };
      case "park-behind": {
        const reason = `held behind parked change ${event.source}:${decision.parkedPosition} of the same row`;
        await this.parked.insert(tx, event, key, reason, 0, new Date());
        return { kind: "parked", reason };
      }
      case "apply":
        break;
    }
    const recordOnly = event.origin === this.options.ownOrigin;
    if (!recordOnly && context.fenced && this.options.ownedTables!.includes(event.table) && !context.fenced.has(event.table)) {
      const reason =
        `not applied: this database owns "${event.table}" now (its write fence is off), so it is the system of record and sync never writes over it. ` +
        `The change was made on the ${event.origin} side while that side did not own the table (a writer that bypassed its write fence?). ` +
        `Compare both sides (strangler verify); replay it only once a cut-over made this side the non-owner again.`;
      await this.parked.insert(tx, event, key, reason, 0, new Date());
      return { kind: "parked", reason };
    }
    if (!recordOnly) {
      const origin = context.origin;
      if (this.options.targetHasCapture && origin?.current !== event.origin) {
        await setCaptureOrigin(tx, event.origin);
        if (origin) origin.current = event.origin;
      }
      if (event.op === "delete") await table.delete(event.key, tx, event);
      else await table.upsert(event.after ?? {}, tx, event);
      // Around each change unless the batch resets it once before its commit (BatchContext.origin).
      if (this.options.targetHasCapture && !origin) await setCaptureOrigin(tx, null);
      if (this.options.journal) {
        await runSql(tx, `INSERT INTO "${APPLY_JOURNAL_TABLE}" ("source", "position", "table_name", "key", "applied_at") VALUES (?, ?, ?, ?, ?)`, [
          event.source,
          event.position,
          event.table,
          key,
          now(),
        ]);
      }
    }
    await runSql(
      tx,
      `INSERT INTO "${APPLIED}" ("source", "table_name", "key", "position", "applied_at") VALUES (?, ?, ?, ?, ?)
         ON CONFLICT ("source", "table_name", "key") DO UPDATE SET "position" = excluded."position", "applied_at" = excluded."applied_at"`,
      [event.source, event.table, key, event.position, now()],
    );
    context.positions?.set(positionId(event.source, event.table, key), event.position);
    return recordOnly ? { kind: "recorded" } : { kind: "applied" };
  }

  private async keyState(tx: EntityManager, event: ChangeEvent, key: string, context: BatchContext): Promise<KeyState> {
    const known = context.positions?.get(positionId(event.source, event.table, key));
    let storedPosition: number | null;
    if (known !== undefined) storedPosition = known;
    else {
      const stored = await runSql<Array<{ position: number | string }>>(
        tx,
        `SELECT "position" FROM "${APPLIED}" WHERE "source" = ? AND "table_name" = ? AND "key" = ?`,
        [event.source, event.table, key],
      );
      storedPosition = stored.length ? Number(stored[0].position) : null;
    }
    const state: KeyState = { storedPosition, firstParkedPosition: null, thisChangeParked: false };
    if (!context.anyParked) return state;
    const parked = await this.parked.positionsOfRow(tx, event.table, key);
    state.firstParkedPosition = parked[0] ?? null;
    state.thisChangeParked = parked.includes(event.position);
    return state;
  }

  park(events: ChangeEvent | readonly ChangeEvent[], reason: string, attempts: number, firstFailedAt: Date): Promise<void> {
    const all: readonly ChangeEvent[] = Array.isArray(events) ? events : [events as ChangeEvent];
    return this.exclusive(() =>
      this.options.db.transaction(async (tx) => {
        for (const event of all) await this.parked.insert(tx, event, keyText(event.key), reason, attempts, firstFailedAt);
      }),
    );
  }

  alreadyTaken(events: readonly ChangeEvent[]): Promise<"applied" | "unknown" | "pending"> {
    return this.exclusive(async () => {
      const start = await this.loadStart();
      const anyParked = (await this.parked.count(this.options.db)) > 0;
      let evidence = false;
      for (const event of events) {
        if (!this.options.mapping[event.table] || event.position < start) continue;
        const key = keyText(event.key);
        const state = await this.keyState(this.options.db.manager, event, key, { start, anyParked, fenced: null });
        if (!state.thisChangeParked && (state.storedPosition === null || state.storedPosition < event.position)) return "pending";
        evidence = true;
      }
      return evidence ? "applied" : "unknown";
    });
  }

  listParked(filter: ParkedFilter = {}): Promise<ParkedChange[]> {
    return this.exclusive(() => this.parked.read(this.options.db, filter));
  }

  parkedCount(): Promise<number> {
    return this.exclusive(() => this.parked.count(this.options.db));
  }

  replayParked(filter: ParkedFilter = {}): Promise<ReplayResult> {
    return this.exclusive(() => this.replayParkedNow(filter));
  }

  /** Row by row in position order; a row stops at its first failure, other rows go on. */
  private async replayParkedNow(filter: ParkedFilter): Promise<ReplayResult> {
    const start = await this.loadStart();
    let replayed = 0;
    const failedRows = new Set<string>();
    for (;;) {
      const next = (await this.parked.read(this.options.db, filter)).find((row) => !failedRows.has(`${row.table} ${row.key}`));
      if (!next) break;
      // A change of a source transaction group is replayed with every parked change of its group, in one transaction.
      const txId = next.event.tx?.id;
      const unit = txId ? (await this.parked.read(this.options.db, {})).filter((row) => row.event.tx?.id === txId) : [next];
      try {
        await this.options.db.transaction(async (tx) => {
          for (const change of unit) await this.parked.remove(tx, change.position);
          const context: BatchContext = { start, anyParked: true, fenced: await this.fencedOwnedTables(tx) };
          for (const change of unit) {
            const outcome = await this.applyOne(tx, change.event, context);
            if (outcome.kind === "waiting") throw new Error(`waits for change ${change.source}:${outcome.waitingFor}, which is neither applied nor parked`);
            if (outcome.kind === "parked") throw new Error(outcome.reason);
          }
        });
        replayed += unit.length;
      } catch (error) {
        for (const change of unit) {
          failedRows.add(`${change.table} ${change.key}`);
          await this.parked.recordFailure(this.options.db, change.position, `replay failed: ${String(error)}`);
        }
      }
    }
    return { replayed, stillParked: (await this.parked.read(this.options.db, filter)).length };
  }

  /**
   * Drops the parked changes of one key for good (needs the discarded-changes table,
   * installDiscardedChangesV1): the first parked change of each matching row AND every later one
   * held behind it, since those were parked only because of it and have the dropped one as their
   * predecessor. In one transaction each goes to `_strangler_discarded_changes` (whole event, why it
   * was parked, the audit's reason and actor, the time) and leaves the parked list, and the row's
   * highest discarded position is stored as taken: the row's next change names it as its
   * predecessor and applies, instead of waiting for a change that will never come. The target row
   * keeps what it had before the first discarded change until that next change arrives.
   */
  async discardParked(filter: ParkedFilter & { key: string }, audit: DiscardAudit): Promise<DiscardResult> {
    const reason = audit.reason?.trim();
    if (!reason) throw new CdcError("CDC_ERR_DISCARD_REFUSED", "A parked change is discarded only with a reason (it is kept in _strangler_discarded_changes); nothing was discarded.");
    if (!filter.key) throw new CdcError("CDC_ERR_DISCARD_REFUSED", "Discard names the row's key (as listed, e.g. {\"id\":7}); nothing was discarded.");
    return this.exclusive(() => this.discardParkedNow(filter, { reason, actor: audit.actor?.trim() || "unknown" }));
  }

  private async discardParkedNow(filter: ParkedFilter, audit: { reason: string; actor: string }): Promise<DiscardResult> {
    let discarded: number;
    try {
      discarded = await this.options.db.transaction(async (tx) => {
        const changes = await this.parked.read(tx, filter);
        const at = now();
        const highest = new Map<string, ParkedChange>();
        for (const change of changes) {
          await this.parked.recordDiscard(tx, change, audit, at);
          await this.parked.remove(tx, change.position);
          const row = `${change.table} ${change.key}`;
          if ((highest.get(row)?.position ?? -1) < change.position) highest.set(row, change);
        }
        for (const change of highest.values()) {
          await runSql(
            tx,
            `INSERT INTO "${APPLIED}" ("source", "table_name", "key", "position", "applied_at") VALUES (?, ?, ?, ?, ?)
               ON CONFLICT ("source", "table_name", "key") DO UPDATE SET "position" = excluded."position", "applied_at" = excluded."applied_at"
               WHERE excluded."position" > "${APPLIED}"."position"`,
            [change.event.source, change.table, change.key, change.position, at],
          );
        }
        return changes.length;
      });
    } catch (err) {
      if (/no such table|does not exist/i.test(String(err)) && String(err).includes(DISCARDED_CHANGES_TABLE)) {
        throw new CdcError("CDC_ERR_DISCARD_REFUSED", `The target database has no ${DISCARDED_CHANGES_TABLE} table: run its migrations (installDiscardedChangesV1); nothing was discarded.`, { cause: err });
      }
      throw err;
    }
    return { discarded, stillParked: await this.parked.count(this.options.db) };
  }

  startPosition(): Promise<number> {
    return this.exclusive(() => this.loadStart());
  }

  private async loadStart(): Promise<number> {
    if (this.start !== null) return this.start;
    const rows = await runSql<Array<{ start_position: number | string; last_position: number | string }>>(
      this.options.db,
      `SELECT "start_position", "last_position" FROM "${CHECKPOINTS}" WHERE "consumer" = ?`,
      [this.options.consumer],
    );
    this.start = rows.length ? Number(rows[0].start_position) : 0;
    this.lastPosition = rows.length ? Number(rows[0].last_position) : 0;
    return this.start;
  }

  setStartPosition(position: number): Promise<void> {
    return this.exclusive(async () => {
      await this.loadStart();
      await this.saveCheckpoint(this.options.db.manager, position, this.lastPosition);
      this.start = position;
    });
  }

  private async saveCheckpoint(tx: EntityManager, start: number, last: number): Promise<void> {
    await runSql(
      tx,
      `INSERT INTO "${CHECKPOINTS}" ("consumer", "source", "start_position", "last_position", "updated_at") VALUES (?, ?, ?, ?, ?)
         ON CONFLICT ("consumer") DO UPDATE SET "start_position" = excluded."start_position", "last_position" = excluded."last_position", "updated_at" = excluded."updated_at"`,
      [this.options.consumer, this.options.source, start, last, now()],
    );
  }
}
