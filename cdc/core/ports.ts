import type { CdcMessage, ChangeEvent, HeartbeatEvent } from "../../contracts";

/** One row of a source's change log, in log order. */
export interface LoggedChange {
  position: number;
  previousPosition: number | null;
  table: string;
  op: ChangeEvent["op"];
  key: Record<string, unknown>;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  committedAt: string;
  origin: string;
  /** The writer's request id (logs with capture v3), or null/absent when the log has none. */
  requestId?: string | null;
}


/** The part of a change log above a position (what the relay has not had acknowledged yet). */
export interface LogBacklog {
  count: number;
  /** Commit time of the oldest change in that part, or null when none. */
  oldestCommittedAt: string | null;
}

/**
 * Port: the change log table of one source database (written by the capture triggers). Every
 * method reads, except `pruneBatch`: the relay writes nothing else into the source database.
 */
export interface ChangeLog {
  /** Name of the source database, as stored by the capture install. */
  readonly source: string;
  /** Changes with a position above `after`, in position order (positions grow in commit order). */
  readAfter(after: number, limit: number): Promise<LoggedChange[]>;
  /** The changes with a position above `after`: how many, and the oldest commit time. */
  backlog(after: number): Promise<LogBacklog>;
  /**
   * Upgrade from the log's old `published` column, read once when a relay has no saved progress:
   * the position just below the first change still marked unpublished, else the log's head, or 0
   * on an empty log.
   */
  legacyPublishedThrough(): Promise<number>;
  /**
   * The prunable range: changes at or below `through` committed before `cutoff`, oldest first.
   * `last` is the highest such position and `count` an estimate of how many there are (at most
   * `last - first + 1`); null when there is nothing to prune.
   */
  prunable(through: number, cutoff: Date): Promise<{ first: number; last: number; count: number } | null>;
  /**
   * Deletes at most `limit` of the oldest changes at or below `through` committed before `cutoff`,
   * in one autocommit statement; resolves with the number deleted. The only write of the relay.
   */
  pruneBatch(through: number, cutoff: Date, limit: number): Promise<number>;
  /**
   * The highest position in the log (0 when it is empty), read-only. Every change at or below it is
   * committed and readable: a source writes its log one transaction at a time, so no transaction
   * still open can hold a position below one already visible. The relay's transaction groups are
   * cut at these heads (docs/cdc.md, "Transactions").
   */
  head(): Promise<number>;
  /** How many changes have a position above `after` and at or below `through`. */
  countBetween(after: number, through: number): Promise<number>;
}

/**
 * Port: where a relay keeps its progress, outside the source database. The progress is the
 * highest position P such that every change at or below P was acknowledged by the broker.
 */
export interface RelayProgress {
  /** The saved position, or null when this source has no saved progress yet. */
  load(): Promise<number | null>;
  save(position: number): Promise<void>;
  /**
   * The transaction group being published (docs/cdc.md, "Transactions"), saved before its first
   * change goes out: a relay that restarts inside it publishes the same group again — same id,
   * same size — so the copies the broker already holds match. Null when none was saved.
   */
  loadGroup(): Promise<RelayGroup | null>;
  saveGroup(group: RelayGroup): Promise<void>;
  close(): Promise<void>;
}

/** A transaction group of the relay: the changes above `start` and at or below `end`. */
export interface RelayGroup {
  start: number;
  end: number;
}

/** What the broker answered for one publish. */
export interface PublishAck {
  /** True when the broker had the message already (same id inside its duplicate window). */
  duplicate: boolean;
  streamSequence: number;
}

/** Port: publishes a source's changes and heartbeats to the broker. */
export interface Publisher {
  /** Resolves only on a positive acknowledgement; rejects on timeout or refusal. */
  publish(event: ChangeEvent): Promise<PublishAck>;
  heartbeat(event: HeartbeatEvent): Promise<void>;
  /**
   * A position mark (a heartbeat with `publishedThrough`), stored IN the stream: it lands after
   * every change whose publish was acknowledged before it was sent (docs/read-your-writes.md).
   */
  mark(event: HeartbeatEvent): Promise<void>;
  close(): Promise<void>;
}

/** One received message; exactly one of ack/nak must be called, unless the receiver crashes. */
export interface Delivery {
  readonly message: CdcMessage;
  readonly streamSequence: number;
  /** 1 on first delivery. */
  readonly deliveryCount: number;
  ack(): void;
  /** Asks for redelivery after `delayMs`. */
  nak(delayMs: number): void;
}

/** Messages still to be handled by a subscription. */
export interface SubscriptionBacklog {
  /** Not yet delivered. */
  pending: number;
  /** Delivered, not yet acknowledged. */
  ackPending: number;
  /** Stream sequence every message at or below which this subscription has acknowledged (absent: unknown). */
  ackFloor?: number;
}

/** Port: a durable subscription to one source's stream with explicit acks. */
export interface Subscription {
  readonly stream: string;
  /** Resolves with 1..max deliveries as soon as any are there, or [] after `waitMs`. */
  receive(max: number, waitMs: number): Promise<Delivery[]>;
  backlog(): Promise<SubscriptionBacklog>;
  close(): Promise<void>;
}

/** Result of handling one change in the target. */
export type ApplyOutcome =
  | { kind: "applied" }
  /** Recorded without running the mapping: the change came from the target itself (origin). */
  | { kind: "recorded" }
  /** No mapping for its table: this consumer does not follow that table. */
  | { kind: "ignored" }
  | { kind: "skipped"; reason: string }
  | { kind: "parked"; reason: string }
  | { kind: "waiting"; waitingFor: number }
  | { kind: "failed"; error: unknown };

/** A change that failed too often (or waits behind one that did), kept with the reason. */
export interface ParkedChange {
  source: string;
  position: number;
  table: string;
  key: string;
  event: ChangeEvent;
  reason: string;
  attempts: number;
  firstFailedAt: string;
  lastFailedAt: string;
}

/** Which parked changes to list, replay or discard (all when empty). */
export interface ParkedFilter {
  table?: string;
  /** Key text as stored (see keyText), e.g. `{"id":7}`. */
  key?: string;
  /** Only changes of this source (a store or consumer of another source has none). */
  source?: string;
}

export interface ReplayResult {
  replayed: number;
  stillParked: number;
}

/** Why a parked change is dropped, and who drops it: both are written to the discarded-changes audit. */
export interface DiscardAudit {
  /** Required, never empty: a change is never dropped without a reason. */
  reason: string;
  /** Who asked (the CLI's user, the dashboard's actor); `unknown` when not said. */
  actor?: string;
}

export interface DiscardResult {
  /** Parked changes deleted (each now a row of `_strangler_discarded_changes`). */
  discarded: number;
  /** Parked changes left in this store (every row, not only the filter's). */
  stillParked: number;
}

/**
 * Port: the target database of a consumer. Applying a change, storing its position per key and
 * parking happen in the target's own transactions, so this port holds the position store too.
 */
export interface TargetStore {
  /**
   * Applies changes in order in ONE transaction. A transaction group (consecutive changes with the
   * same `tx.id`; the caller passes only whole groups) is applied whole or not at all: when one of
   * its changes fails, waits for a predecessor or is parked, none of the group is applied and every
   * change of it gets that outcome (a group parked is parked whole). Other changes and groups of the
   * batch go on.
   */
  applyBatch(events: readonly ChangeEvent[], beforeCommit?: () => void): Promise<ApplyOutcome[]>;
  /** Parks a change, or all changes of a group, in one transaction. */
  park(events: ChangeEvent | readonly ChangeEvent[], reason: string, attempts: number, firstFailedAt: Date): Promise<void>;
  /**
   * Whether `events` (part of a group, delivered without the rest) were taken already: `applied`
   * when every one was (applied or recorded, or a later change of its row was; below the start;
   * parked; of a table not followed) and at least one of a followed table shows it (its row's stored
   * position, or it is parked): part of a group applied whole before. `unknown` when every one was
   * taken only because its table is not followed or it lies below the start: nothing tells a group
   * applied before from one whose other changes are still on their way. `pending` otherwise.
   */
  alreadyTaken(events: readonly ChangeEvent[]): Promise<"applied" | "unknown" | "pending">;
  listParked(filter?: ParkedFilter): Promise<ParkedChange[]>;
  /** Applies parked changes again, key by key in position order; stops a key at its first failure. */
  replayParked(filter?: ParkedFilter): Promise<ReplayResult>;
  /**
   * Drops the parked changes of `filter.key` (its first parked change and every later one held
   * behind it) for good: each is written to the discarded-changes audit with `audit`, in the same
   * transaction that deletes it; the highest discarded position of each row is stored as taken,
   * so the row's next change (whose predecessor was discarded) applies instead of waiting.
   */
  discardParked(filter: ParkedFilter & { key: string }, audit: DiscardAudit): Promise<DiscardResult>;
  parkedCount(): Promise<number>;
  /** Changes below this position are ignored (a consumer that starts late, or replays). */
  startPosition(): Promise<number>;
  setStartPosition(position: number): Promise<void>;
}
