import { backoffMs, sleep } from "../core/backoff";
import { SimulatedCrash } from "../core/errors";
import { KeyLanes } from "../core/key-lanes";
import { rowIdentity } from "../core/keys";
import type { ChangeLog, LoggedChange, Publisher } from "../core/ports";
import { resolveRelayOptions, type RelayOptions, type ResolvedRelayOptions } from "./relay-options";
import { toChangeEvent } from "./to-change-event";
import { BackgroundLoop } from "../core/background-loop";

/** What a relay reports about itself (also the JSON of its status call). */
export interface RelayStatus {
  source: string;
  running: boolean;
  /** Highest position acknowledged by the broker in this run (0 when none). */
  lastAckedPosition: number;
  published: number;
  duplicates: number;
  inFlight: number;
  /** Unpublished changes in the log, and the age of the oldest one. */
  backlog: number;
  oldestUnpublishedAgeMs: number | null;
}

/**
 * Reads the change log in position order and publishes each change; records a change as
 * published only after the broker acknowledged it. Changes of different rows are published
 * concurrently (bounded), changes of the same row strictly one after another, so a retried
 * publish can never put an older change of a row behind a newer one. After a crash anywhere,
 * a new relay starts again from the first unpublished change; the broker's duplicate window and
 * the consumers' stored positions make the re-sent ones harmless.
 */
export class Relay extends BackgroundLoop {
  private readonly options: ResolvedRelayOptions;
  private readonly lanes: KeyLanes;
  private acked: number[] = [];
  private crash: unknown = null;
  private counters = { published: 0, duplicates: 0, lastAckedPosition: 0 };

  constructor(
    private readonly log: ChangeLog,
    private readonly publisher: Publisher,
    options: RelayOptions = {},
  ) {
    super();
    this.options = resolveRelayOptions(options);
    this.lanes = new KeyLanes(this.options.maxInFlight);
  }


  async status(): Promise<RelayStatus> {
    const backlog = await this.log.backlog();
    const oldest = backlog.oldestCommittedAt ? Date.now() - Date.parse(backlog.oldestCommittedAt) : null;
    return {
      source: this.log.source,
      running: this.running,
      ...this.counters,
      inFlight: this.lanes.size,
      backlog: backlog.count,
      oldestUnpublishedAgeMs: oldest,
    };
  }

  /** Reads, publishes and records acknowledgements until stopped; on stop, waits for in-flight publishes. */
  protected async run(): Promise<void> {
    const { batchSize, pollMs } = this.options;
    let cursor = 0;
    let failures = 0;
    try {
      while (!this.stopping && !this.crash) {
        try {
          const changes = await this.log.readUnpublished(cursor, batchSize);
          this.options.hooks?.afterRead?.(changes);
          for (const change of changes) {
            await this.lanes.slot();
            if (this.crash) break;
            cursor = change.position;
            this.lanes.add(rowIdentity(change.table, change.key), () => this.publish(change));
          }
          await this.recordAcked();
          await this.housekeeping(changes.length > 0);
          failures = 0;
          if (changes.length === 0) await sleep(pollMs);
        } catch (err) {
          if (err instanceof SimulatedCrash) throw err;
          // The source database was busy or briefly unavailable: nothing is lost, try again.
          failures += 1;
          this.options.logger?.warn("relay step failed, retrying", { source: this.log.source, failures, err: String(err) });
          await sleep(backoffMs(failures, this.options.retryBaseMs, this.options.retryMaxMs));
        }
      }
      if (!this.crash) {
        await this.lanes.drained();
        await this.recordAcked();
      }
    } catch (err) {
      this.crash ??= err;
    } finally {
      this.running = false;
    }
    if (this.crash) throw this.crash;
  }

  private readonly timers = { activity: Date.now(), cleanup: Date.now(), backlog: 0 };

  /** Heartbeat while idle, periodic cleanup past retention, backlog gauge refresh. */
  private async housekeeping(busy: boolean): Promise<void> {
    const now = Date.now();
    if (busy || this.lanes.size > 0) this.timers.activity = now;
    else if (now - this.timers.activity >= this.options.heartbeatMs) {
      this.timers.activity = now;
      await this.heartbeat();
    }
    if (now - this.timers.cleanup >= this.options.cleanupEveryMs) {
      this.timers.cleanup = now;
      await this.cleanup();
    }
    if (this.options.metrics && now - this.timers.backlog >= 500) {
      this.timers.backlog = now;
      this.options.metrics.backlog(this.log.source, (await this.log.backlog()).count);
    }
  }

  private async publish(change: LoggedChange): Promise<void> {
    const event = toChangeEvent(this.log.source, change);
    for (let attempt = 1; !this.crash && !this.stopping; attempt++) {
      try {
        const ack = await this.publisher.publish(event);
        this.options.hooks?.afterPublish?.(change);
        this.acked.push(change.position);
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
        this.options.logger?.warn("publish failed, retrying", { source: this.log.source, position: change.position, attempt, err: String(err) });
        await sleep(backoffMs(attempt, this.options.retryBaseMs, this.options.retryMaxMs));
      }
    }
  }

  private async recordAcked(): Promise<void> {
    if (this.acked.length === 0 || this.crash) return;
    const positions = this.acked.splice(0);
    this.options.hooks?.afterAck?.(positions);
    try {
      await this.log.markPublished(positions);
    } catch (err) {
      this.acked.unshift(...positions);
      throw err;
    }
  }

  private async heartbeat(): Promise<void> {
    try {
      await this.publisher.heartbeat({ kind: "heartbeat", source: this.log.source, position: this.counters.lastAckedPosition, at: new Date().toISOString() });
    } catch (err) {
      this.options.logger?.warn("heartbeat failed", { source: this.log.source, err: String(err) });
    }
  }

  private async cleanup(): Promise<void> {
    const deleted = await this.log.deletePublishedBefore(new Date(Date.now() - this.options.retentionMs));
    if (deleted > 0) this.options.logger?.info("deleted published changes past retention", { source: this.log.source, deleted });
  }
}
