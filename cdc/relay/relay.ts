import { txGroupId } from "../../contracts";
import { safeError } from "../../platform";
import { backoffMs, sleep } from "../core/backoff";
import { SimulatedCrash } from "../core/errors";
import { KeyLanes } from "../core/key-lanes";
import { rowIdentity } from "../core/keys";
import type { ChangeLog, LoggedChange, Publisher, RelayProgress } from "../core/ports";
import { resolveRelayOptions, type RelayOptions, type ResolvedRelayOptions } from "./relay-options";
import { toChangeEvent } from "./to-change-event";
import { BackgroundLoop } from "../core/background-loop";
import { AckWindow } from "./ack-window";

/** Rows deleted per prune statement, at most, and the pause between two of them. */
const PRUNE_BATCH = 500;
const PRUNE_PAUSE_MS = 20;

/** What a relay reports about itself (also the JSON of its status call). */
export interface RelayStatus {
  source: string;
  running: boolean;
  /** Every change at or below this position has been acknowledged by the broker. */
  publishedThrough: number;
  /** Highest position acknowledged by the broker in this run (0 when none). */
  lastAckedPosition: number;
  published: number;
  duplicates: number;
  inFlight: number;
  /** Changes in the log above `publishedThrough`, and the age of the oldest one. */
  backlog: number;
  oldestUnpublishedAgeMs: number | null;
}

/** A prune under way: the range found by the read-only check, deleted batch by batch. */
interface Pruning {
  through: number;
  cutoff: Date;
  /** Rows still to delete (an estimate). */
  remaining: number;
  deleted: number;
}

/**
 * Reads the change log in position order and publishes each change. Its progress, "published
 * through" (every change at or below it acknowledged by the broker), lives outside the source
 * database (RelayProgress) and advances only contiguously: acks come back in any order, so it is
 * the smallest position still in flight − 1. Changes of different rows are published concurrently
 * (bounded), changes of the same row strictly one after another, so a retried publish can never
 * put an older change of a row behind a newer one. After a crash anywhere, a new relay starts
 * again after the saved progress; the broker's duplicate window and the consumers' stored
 * positions make the re-sent ones harmless.
 *
 * The relay writes nothing into the source database but its pruning of old, published changes,
 * in small batches and only while the source is idle (or the prunable backlog is huge).
 */
export class Relay extends BackgroundLoop {
  private readonly options: ResolvedRelayOptions;
  private readonly lanes: KeyLanes;
  /** Null until the progress was loaded (or taken over from the log's old `published` column). */
  private window: AckWindow | null = null;
  /** The published-through last saved. */
  private saved = 0;
  private ackedSinceSave: number[] = [];
  private pruning: Pruning | null = null;
  private crash: unknown = null;
  private counters = { published: 0, duplicates: 0, lastAckedPosition: 0 };
  private readonly timers = { activity: Date.now(), lastRead: Date.now(), cleanup: Date.now(), lastPrune: 0, backlog: 0 };

  constructor(
    private readonly log: ChangeLog,
    private readonly publisher: Publisher,
    private readonly progress: RelayProgress,
    options: RelayOptions = {},
  ) {
    super();
    this.options = resolveRelayOptions(options);
    this.lanes = new KeyLanes(this.options.maxInFlight);
  }

  async status(): Promise<RelayStatus> {
    const through = await this.publishedThrough();
    const backlog = await this.log.backlog(through);
    const oldest = backlog.oldestCommittedAt ? Date.now() - Date.parse(backlog.oldestCommittedAt) : null;
    return {
      source: this.log.source,
      running: this.running,
      publishedThrough: through,
      ...this.counters,
      inFlight: this.lanes.size,
      backlog: backlog.count,
      oldestUnpublishedAgeMs: oldest,
    };
  }

  /** In this run: the live value; before it: the saved progress, or where the relay will start. */
  private async publishedThrough(): Promise<number> {
    if (this.window) return this.window.through();
    return (await this.progress.load()) ?? (await this.log.legacyPublishedThrough());
  }

  /** Reads, publishes and saves progress until stopped; on stop, waits for in-flight publishes. */
  protected async run(): Promise<void> {
    const { batchSize, pollMs } = this.options;
    let failures = 0;
    try {
      while (!this.stopping && !this.crash) {
        try {
          const window = this.window ?? (await this.begin());
          const { changes, read } = await this.readGroups(window.highestStarted, batchSize);
          this.options.hooks?.afterRead?.(changes);
          for (const { change, tx, endsGroup } of this.marked(changes)) {
            // Waits only when the lanes are full, and then for a quarter of them: publishes go out
            // together (one socket write), not one per PubAck that frees a lane.
            if (this.lanes.full) await this.lanes.slot(this.options.maxInFlight / 4);
            if (this.crash) break;
            window.started(change.position, endsGroup);
            this.lanes.add(rowIdentity(change.table, change.key), () => this.publish(change, tx));
          }
          await this.saveProgress();
          await this.housekeeping(read);
          failures = 0;
          if (changes.length === 0) await sleep(pollMs);
        } catch (err) {
          if (err instanceof SimulatedCrash) throw err;
          // The source database or the progress file was busy or briefly unavailable: nothing is lost, try again.
          failures += 1;
          this.options.logger?.warn("relay step failed, retrying", { source: this.log.source, failures, err: safeError(err) });
          await sleep(backoffMs(failures, this.options.retryBaseMs, this.options.retryMaxMs));
        }
      }
      if (!this.crash && this.window) {
        await this.lanes.drained();
        await this.saveProgress();
      }
    } catch (err) {
      this.crash ??= err;
    } finally {
      this.running = false;
    }
    if (this.crash) throw this.crash;
  }

  /**
   * The next changes to publish: whole, closed transaction groups only (docs/cdc.md,
   * "Transactions"). Changes without a group (a log without the commit-group clock, changes logged
   * before it) are groups of their own. When the read ends in a group that is still open (stamped
   * with the clock's current value), the relay closes it — one brief write that ticks the clock,
   * made only when there are new changes, so an idle source gets none — and reads on to its end;
   * a group cut by the read limit is read on to its end too, however large. If the source is busy
   * the open group waits for a later turn. `read`: the log had new changes (busy or not).
   */
  private async readGroups(after: number, limit: number): Promise<{ changes: LoggedChange[]; read: boolean }> {
    const changes = await this.log.readAfter(after, limit);
    if (changes.length === 0) return { changes, read: false };
    const trailing = changes[changes.length - 1].group;
    if (!trailing) return { changes, read: true };
    const id = trailing.id;
    let full = changes.length >= limit;
    if (!trailing.closed) {
      const closed = this.log.closeGroups ? await this.log.closeGroups() : false;
      // Busy: a writer is inside a transaction. Publish what is closed; the open group waits.
      if (!closed) return { changes: changes.filter((change) => change.group?.id !== id), read: true };
      full = true;
    }
    // The trailing group may go on past what was read: read on until another group begins.
    while (full) {
      const more = await this.log.readAfter(changes[changes.length - 1].position, limit);
      const other = more.findIndex((change) => change.group?.id !== id);
      changes.push(...(other === -1 ? more : more.slice(0, other)));
      full = other === -1 && more.length >= limit;
    }
    return { changes, read: true };
  }

  /**
   * Each change with its group's metadata (id and size, on every change of the group) and whether
   * it ends its group. A group larger than `maxGroupSize` (the source wrote while no relay ticked
   * the clock, or one huge transaction) goes out in parts of at most that size, each a group of its
   * own (`<source>:tx:<n>.<part>`): a consumer must be able to hold a whole group unacknowledged.
   */
  private *marked(changes: LoggedChange[]): Generator<{ change: LoggedChange; tx?: { id: string; size: number }; endsGroup: boolean }> {
    const { maxGroupSize } = this.options;
    for (let index = 0; index < changes.length; ) {
      const group = changes[index].group;
      if (!group) {
        yield { change: changes[index++], endsGroup: true };
        continue;
      }
      let end = index;
      while (end < changes.length && changes[end].group?.id === group.id) end++;
      const size = end - index;
      if (size > maxGroupSize) {
        this.options.logger?.warn("transaction group larger than maxGroupSize: published in parts, each applied atomically on its own", {
          source: this.log.source,
          group: txGroupId(this.log.source, group.id),
          size,
          maxGroupSize,
        });
      }
      for (let part = 1; index < end; part++) {
        const partEnd = Math.min(end, index + maxGroupSize);
        const tx = { id: txGroupId(this.log.source, size > maxGroupSize ? `${group.id}.${part}` : group.id), size: partEnd - index };
        for (; index < partEnd; index++) yield { change: changes[index], tx, endsGroup: index === partEnd - 1 };
      }
    }
  }

  /**
   * Loads the saved progress. Without one (a relay of an older version marked rows in the log's
   * `published` column), starts just below the first row still marked unpublished, saves that,
   * and never reads the column again.
   */
  private async begin(): Promise<AckWindow> {
    let through = await this.progress.load();
    if (through === null) {
      through = await this.log.legacyPublishedThrough();
      await this.progress.save(through);
      this.options.logger?.info("no saved relay progress: starting after what the change log's old published column marks published", { source: this.log.source, publishedThrough: through });
    }
    // Resume at a group boundary, so the first group is read (and its size counted) whole.
    if (this.log.groupStart) {
      const start = await this.log.groupStart(through);
      if (start < through) this.options.logger?.info("saved relay progress is inside a transaction group: resuming at the group's start", { source: this.log.source, publishedThrough: through, from: start });
      through = start;
    }
    this.saved = through;
    this.window = new AckWindow(through);
    return this.window;
  }

  /** Saves published-through when it advanced (at most once per loop turn). */
  private async saveProgress(): Promise<void> {
    if (this.crash || !this.window) return;
    if (this.ackedSinceSave.length > 0) this.options.hooks?.afterAck?.(this.ackedSinceSave.splice(0));
    const through = this.window.through();
    if (through <= this.saved) return;
    await this.progress.save(through);
    this.saved = through;
  }

  /** Heartbeat while idle, pruning past retention, backlog gauge refresh. */
  private async housekeeping(read: boolean): Promise<void> {
    const now = Date.now();
    if (read) this.timers.lastRead = now;
    if (read || this.lanes.size > 0) this.timers.activity = now;
    else if (now - this.timers.activity >= this.options.heartbeatMs) {
      this.timers.activity = now;
      await this.heartbeat();
    }
    await this.prune(now);
    if (this.options.metrics && now - this.timers.backlog >= 500) {
      this.timers.backlog = now;
      this.options.metrics.backlog(this.log.source, (await this.log.backlog(this.window?.through() ?? this.saved)).count);
    }
  }

  private async publish(change: LoggedChange, tx?: { id: string; size: number }): Promise<void> {
    const event = toChangeEvent(this.log.source, change, tx);
    for (let attempt = 1; !this.crash && !this.stopping; attempt++) {
      try {
        const ack = await this.publisher.publish(event);
        this.options.hooks?.afterPublish?.(change);
        this.window?.acked(change.position);
        this.ackedSinceSave.push(change.position);
        this.counters.published += 1;
        if (ack.duplicate) this.counters.duplicates += 1;
        this.counters.lastAckedPosition = Math.max(this.counters.lastAckedPosition, change.position);
        this.options.metrics?.published(this.log.source);
        return;
      } catch (err) {
        if (err instanceof SimulatedCrash) {
          this.crash ??= err;
          return;
        }
        this.options.logger?.warn("publish failed, retrying", { source: this.log.source, position: change.position, attempt, err: safeError(err) });
        await sleep(backoffMs(attempt, this.options.retryBaseMs, this.options.retryMaxMs));
      }
    }
  }

  private async heartbeat(): Promise<void> {
    try {
      await this.publisher.heartbeat({ kind: "heartbeat", source: this.log.source, position: this.counters.lastAckedPosition, at: new Date().toISOString() });
    } catch (err) {
      this.options.logger?.warn("heartbeat failed", { source: this.log.source, err: safeError(err) });
    }
  }

  /**
   * Every `cleanupEveryMs`, a read-only look for changes at or below the saved published-through
   * committed before the retention cutoff; when there are some, one batch of at most
   * PRUNE_BATCH rows per loop turn, PRUNE_PAUSE_MS apart, and only while no new change was read
   * for `pruneWhenIdleMs` (unless more than `pruneForceAbove` rows wait). Each batch is one short
   * autocommit DELETE on a connection that never waits for the lock: busy → a later turn.
   */
  private async prune(now: number): Promise<void> {
    const { cleanupEveryMs, retentionMs, pruneWhenIdleMs, pruneForceAbove, pruneWarnAbove } = this.options;
    if (now - this.timers.cleanup >= cleanupEveryMs) {
      // Read-only; also refreshes a prune that waits for the idle source (its backlog may have grown past pruneForceAbove).
      this.timers.cleanup = now;
      const cutoff = new Date(now - retentionMs);
      const range = await this.log.prunable(this.saved, cutoff);
      this.pruning = range ? { through: range.last, cutoff, remaining: range.count, deleted: this.pruning?.deleted ?? 0 } : null;
      if (range && range.count > pruneWarnAbove && range.count <= pruneForceAbove && now - this.timers.lastRead < pruneWhenIdleMs) {
        this.options.logger?.warn("the change log keeps growing: the source never idles long enough to prune it politely", {
          source: this.log.source,
          pastRetention: range.count,
          fix: "give the application a quiet moment, or set pruneForceAbove (STRANGLER_RELAY_PRUNE_FORCE_ABOVE) to prune while it writes: each delete can then fail a legacy write that upgrades a read (docs/cdc.md)",
        });
      }
    }
    const pruning = this.pruning;
    if (!pruning) return;
    const idle = now - this.timers.lastRead >= pruneWhenIdleMs;
    if (!idle && pruning.remaining <= pruneForceAbove) return;
    if (now - this.timers.lastPrune < PRUNE_PAUSE_MS) return;
    this.timers.lastPrune = now;
    let deleted: number;
    try {
      deleted = await this.log.pruneBatch(pruning.through, pruning.cutoff, PRUNE_BATCH);
    } catch (err) {
      // Busy (a legacy writer holds the lock): expected now and then, never waited for.
      const busy = /SQLITE_BUSY|database is locked/i.test(`${String(err)} ${String((err as { code?: unknown }).code ?? "")}`);
      this.options.logger?.[busy ? "debug" : "warn"]("prune batch refused, retrying on a later turn", { source: this.log.source, err: safeError(err) });
      return;
    }
    this.options.hooks?.afterPrune?.(deleted);
    pruning.deleted += deleted;
    pruning.remaining = Math.max(0, pruning.remaining - deleted);
    if (deleted < PRUNE_BATCH) {
      this.pruning = null;
      if (pruning.deleted > 0) this.options.logger?.info("pruned published changes past retention", { source: this.log.source, deleted: pruning.deleted, through: pruning.through });
    }
  }
}
