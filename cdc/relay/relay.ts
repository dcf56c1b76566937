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

/** The transaction group being published: changes above `start` and at or below `end`; `done` of its `size` started. */
interface PublishingGroup {
  start: number;
  end: number;
  size: number;
  done: number;
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
  /** Null between groups. */
  private group: PublishingGroup | null = null;
  private crash: unknown = null;
  private counters = { published: 0, duplicates: 0, lastAckedPosition: 0 };
  private readonly timers = { activity: Date.now(), lastRead: Date.now(), cleanup: Date.now(), lastPrune: 0, backlog: 0, mark: 0 };
  /** The published-through the last mark carried. */
  private markedThrough = -1;

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

  /**
   * The highest position committed in the source's log now (GET /internal/sync/head): read after a
   * write was answered, it is at or above every change of that write.
   */
  head(): Promise<number> {
    return this.log.head();
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
          const group = this.group ?? (await this.nextGroup(window.highestStarted));
          const changes = group ? (await this.log.readAfter(window.highestStarted, batchSize)).filter((change) => change.position <= group.end) : [];
          this.options.hooks?.afterRead?.(changes);
          for (const change of changes) {
            // Waits only when the lanes are full, and then for a quarter of them: publishes go out
            // together (one socket write), not one per PubAck that frees a lane.
            if (this.lanes.full) await this.lanes.slot(this.options.maxInFlight / 4);
            if (this.crash) break;
            const { tx, endsPart } = this.placeInGroup(group!);
            window.started(change.position, endsPart);
            this.lanes.add(rowIdentity(change.table, change.key), () => this.publish(change, tx));
          }
          // The whole group is on its way (or the log no longer has what was counted): the next turn cuts the next one.
          if (group && (group.done >= group.size || changes.length === 0)) this.group = null;
          await this.saveProgress();
          await this.housekeeping(changes.length > 0);
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
   * Cuts the next transaction group (docs/cdc.md, "Transactions"): every change above `after` and
   * at or below the log's head now. The source writes its log one transaction at a time, so the
   * head read now ends a transaction and everything below it is committed: the group is one or more
   * whole source transactions, found by two reads and no write into the source. It is saved before
   * its first change goes out, so a relay restarting inside it publishes exactly the same group.
   */
  private async nextGroup(after: number): Promise<PublishingGroup | null> {
    const end = await this.log.head();
    if (end <= after) return null;
    const size = await this.log.countBetween(after, end);
    if (size === 0) return null;
    await this.progress.saveGroup({ start: after, end });
    this.group = this.groupOf(after, end, size, 0);
    return this.group;
  }

  private groupOf(start: number, end: number, size: number, done: number): PublishingGroup {
    const { maxGroupSize } = this.options;
    if (size > maxGroupSize && done === 0) {
      this.options.logger?.warn("transaction group larger than maxGroupSize: published in parts, each applied atomically on its own", {
        source: this.log.source,
        group: txGroupId(this.log.source, `${start}-${end}`),
        size,
        maxGroupSize,
      });
    }
    return { start, end, size, done };
  }

  /**
   * The group metadata of the group's next change, and whether it ends its part. A group larger
   * than `maxGroupSize` (the source wrote while no relay ran, or one huge transaction) goes out in
   * parts of at most that size, each a group of its own (`<source>:tx:<start>-<end>.<part>`): a
   * consumer must be able to hold a whole group unacknowledged.
   */
  private placeInGroup(group: PublishingGroup): { tx: { id: string; size: number }; endsPart: boolean } {
    const { maxGroupSize } = this.options;
    const index = group.done++;
    const base = `${group.start}-${group.end}`;
    if (group.size <= maxGroupSize) return { tx: { id: txGroupId(this.log.source, base), size: group.size }, endsPart: group.done === group.size };
    const part = Math.floor(index / maxGroupSize);
    const partSize = Math.min(maxGroupSize, group.size - part * maxGroupSize);
    const endsPart = index - part * maxGroupSize === partSize - 1;
    return { tx: { id: txGroupId(this.log.source, `${base}.${part + 1}`), size: partSize }, endsPart };
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
    // Restarted inside a group: the same group again (its parts already acknowledged stay behind).
    const saved = await this.progress.loadGroup();
    if (saved && saved.start <= through && through < saved.end) {
      const size = await this.log.countBetween(saved.start, saved.end);
      this.group = this.groupOf(saved.start, saved.end, size, await this.log.countBetween(saved.start, through));
      this.options.logger?.info("resuming inside a transaction group: publishing the same group again", { source: this.log.source, publishedThrough: through, group: `${saved.start}-${saved.end}` });
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

  /** Heartbeat while idle, a position mark once published-through advanced, pruning past retention, backlog gauge refresh. */
  private async housekeeping(read: boolean): Promise<void> {
    const now = Date.now();
    if (read) this.timers.lastRead = now;
    if (read || this.lanes.size > 0) this.timers.activity = now;
    else if (now - this.timers.activity >= this.options.heartbeatMs) {
      this.timers.activity = now;
      await this.heartbeat();
    }
    const through = this.window?.through() ?? -1;
    if (this.options.markMs > 0 && through > this.markedThrough && now - this.timers.mark >= this.options.markMs) await this.mark(through);
    await this.prune(now);
    if (this.options.metrics && now - this.timers.backlog >= 500) {
      this.timers.backlog = now;
      this.options.metrics.backlog(this.log.source, (await this.log.backlog(this.window?.through() ?? this.saved)).count);
    }
  }

  private async publish(change: LoggedChange, tx: { id: string; size: number }): Promise<void> {
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

  /**
   * A position mark, into the stream: every change at or below `publishedThrough` was acknowledged
   * by the broker (stored) before this is published, so each lies before it in the stream
   * (docs/read-your-writes.md, "Why no stale read gets through").
   */
  private async mark(publishedThrough: number): Promise<void> {
    try {
      await this.publisher.mark({ kind: "heartbeat", source: this.log.source, position: this.counters.lastAckedPosition, at: new Date().toISOString(), publishedThrough });
      this.timers.mark = Date.now();
      this.markedThrough = publishedThrough;
    } catch (err) {
      this.options.logger?.warn("position mark failed", { source: this.log.source, err: safeError(err) });
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
