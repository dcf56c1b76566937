import type { ChangeEvent, HeartbeatEvent } from "../../contracts";
import { safeError } from "../../platform";
import { backoffMs, sleep } from "../core/backoff";
import { SimulatedCrash } from "../core/errors";
import type { ApplyOutcome, Delivery, DiscardAudit, DiscardResult, ParkedChange, ParkedFilter, ReplayResult, Subscription, TargetStore } from "../core/ports";
import { LagWindow } from "../metrics/lag-window";
import { resolveConsumerOptions, type ConsumerOptions, type ResolvedConsumerOptions } from "./consumer-options";
import { BackgroundLoop } from "../core/background-loop";
import { rowIdentity } from "../core/keys";
import { WaitingRoom } from "./waiting-room";
import { GroupAssembler, type Received } from "./transaction-groups";
import { AppliedThrough } from "./applied-through";

/** What a consumer reports about itself (also the JSON of its status call). */
export interface ConsumerStatus {
  stream: string;
  running: boolean;
  applied: number;
  skipped: number;
  waiting: number;
  parked: number;
  lastAppliedPosition: number;
  /** Every change at or below this source position was taken, proven by the broker (applied-through.ts); null until proven. */
  appliedThroughPosition: number | null;
  /** Messages not yet delivered plus delivered and not yet acknowledged. */
  backlog: number;
  lag: { lastMs: number | null; p50Ms: number | null; p99Ms: number | null };
  /** Age of the last relay heartbeat when it arrived (pipeline delay while idle). */
  heartbeatLagMs: number | null;
  lastHeartbeatAt: string | null;
}

/**
 * How long changes of a group that show nothing (tables not followed) are held for the rest of
 * their group before they count as a remnant of a group applied before: far longer than any
 * redelivery (the ack wait) or broker restart takes.
 */
const REMNANT_AFTER_MS = 10 * 60_000;

/** The request id of a change made by an HTTP request, as a log field (nothing when it has none). */
const requestIdOf = (event: ChangeEvent): { requestId?: string } => (event.requestId ? { requestId: event.requestId } : {});

interface Failure {
  attempts: number;
  first: Date;
}

/**
 * Pulls changes of one source stream, applies them to the target through the user's mapping
 * (TargetStore), then acknowledges. A change is acknowledged only after the target transaction
 * that applied it (or found it already applied) committed. A failing change is redelivered with
 * backoff and parked after `maxAttempts`; a change whose predecessor is not applied yet is
 * redelivered shortly; later changes of a parked row are parked behind it.
 */
export class ChangeConsumer extends BackgroundLoop {
  private readonly options: ResolvedConsumerOptions;
  private readonly failures = new Map<number, Failure>();
  /** When each waiting change was first found waiting for its predecessor. */
  private readonly waits = new Map<number, number>();
  private readonly lag = new LagWindow(10_000);
  private readonly counters = { applied: 0, skipped: 0, waiting: 0, lastAppliedPosition: 0 };
  private heartbeat: { at: string; lagMs: number } | null = null;
  private readonly appliedThrough = new AppliedThrough();
  private lastBacklogAt = 0;
  private parkedReported = false;
  /** Waiting changes held until their row moves on, and those released to be applied again now. */
  private readonly waiting: WaitingRoom;
  private readonly again: Delivery[] = [];
  /** Source transaction groups whose changes have not all arrived yet (held un-acked). */
  private readonly groups = new GroupAssembler();

  constructor(
    private readonly subscription: Subscription,
    private readonly target: TargetStore,
    options: ConsumerOptions = {},
  ) {
    super();
    this.options = resolveConsumerOptions(options);
    this.waiting = new WaitingRoom({ maxHeld: this.options.maxHeldWaiting });
  }

  listParked(filter?: ParkedFilter): Promise<ParkedChange[]> {
    return this.target.listParked(filter);
  }

  async replayParked(filter?: ParkedFilter): Promise<ReplayResult> {
    const result = await this.target.replayParked(filter);
    this.options.metrics?.parked(this.subscription.stream, await this.target.parkedCount());
    return result;
  }

  /**
   * Drops a row's parked changes for good, audited (TargetStore.discardParked): the row's next
   * change then applies instead of waiting for the discarded one.
   */
  async discardParked(filter: ParkedFilter & { key: string }, audit: DiscardAudit): Promise<DiscardResult> {
    const result = await this.target.discardParked(filter, audit);
    this.options.metrics?.parked(this.subscription.stream, result.stillParked);
    if (result.discarded > 0) this.options.logger?.warn("parked changes discarded", { stream: this.subscription.stream, ...filter, discarded: result.discarded, reason: audit.reason, actor: audit.actor ?? "unknown" });
    return result;
  }

  /** Recent commit-to-apply lag samples in ms (percentiles in status()). */
  get lagWindow(): LagWindow {
    return this.lag;
  }

  async status(): Promise<ConsumerStatus> {
    const backlog = await this.subscription.backlog().catch(() => ({ pending: 0, ackPending: 0, ackFloor: undefined }));
    return {
      stream: this.subscription.stream,
      running: this.running,
      ...this.counters,
      appliedThroughPosition: backlog.ackFloor === undefined ? this.appliedThrough.value : this.appliedThrough.passFloor(backlog.ackFloor),
      parked: await this.target.parkedCount(),
      backlog: backlog.pending + backlog.ackPending,
      lag: { lastMs: this.lastLagMs, p50Ms: this.lag.percentile(50), p99Ms: this.lag.percentile(99) },
      heartbeatLagMs: this.heartbeat?.lagMs ?? null,
      lastHeartbeatAt: this.heartbeat?.at ?? null,
    };
  }

  private lastLagMs: number | null = null;

  protected async run(): Promise<void> {
    let crash: unknown = null;
    let receiveFailures = 0;
    try {
      while (!this.stopping) {
        // Held changes whose row just moved on go first: they are next in their row's order.
        let deliveries: Delivery[] = this.again.splice(0, this.options.batchSize);
        if (deliveries.length === 0) {
          try {
            deliveries = await this.subscription.receive(this.options.batchSize, 250);
            receiveFailures = 0;
          } catch (err) {
            receiveFailures += 1;
            this.options.logger?.warn("receive failed, retrying", { stream: this.subscription.stream, err: safeError(err) });
            await sleep(backoffMs(receiveFailures, 100, 2000));
            continue;
          }
        }
        if (deliveries.length > 0) await this.handleOrRetry(deliveries);
        await this.settleStaleGroups();
        for (const held of this.waiting.expired()) held.nak(backoffMs(held.deliveryCount, this.options.waitBaseMs, this.options.waitMaxMs));
        await this.refreshBacklog();
      }
    } catch (err) {
      crash = err;
      if (!(err instanceof SimulatedCrash)) this.options.logger?.error("consumer stopped on error", { stream: this.subscription.stream, err: safeError(err) });
    } finally {
      this.running = false;
      // Whatever waits here goes back to the broker, to be delivered again soon (a crash leaves it to the ack wait).
      if (!crash) for (const held of [...this.waiting.drain(), ...this.again.splice(0), ...this.groups.drain().map((item) => item.delivery)]) held.nak(this.options.waitBaseMs);
      await this.subscription.close().catch(() => undefined);
    }
    if (crash) throw crash;
  }

  /** A failing batch (say, the target is locked) is redelivered later; a simulated crash goes up. */
  private async handleOrRetry(deliveries: Delivery[]): Promise<void> {
    try {
      await this.handle(deliveries);
    } catch (err) {
      if (err instanceof SimulatedCrash) throw err;
      this.options.logger?.warn("batch failed, redelivering", { stream: this.subscription.stream, err: safeError(err) });
      for (const delivery of deliveries) delivery.nak(this.options.retryBaseMs);
    }
  }

  private async handle(deliveries: Delivery[]): Promise<void> {
    const received: Received[] = [];
    for (const delivery of deliveries) {
      if (delivery.message.kind === "heartbeat") {
        this.onHeartbeat(delivery.message);
        // A position mark (stored in the stream; idle heartbeats come outside it, with sequence 0).
        if (delivery.message.publishedThrough !== undefined && delivery.streamSequence > 0) this.appliedThrough.mark(delivery.streamSequence, delivery.message.publishedThrough);
        delivery.ack();
      } else received.push({ delivery, event: delivery.message });
    }
    if (received.length === 0) return;
    // Whole units only: a source transaction group is applied once all its changes are here.
    const units = this.groups.add(received);
    if (units.length === 0) return;
    const changes = units.flat();
    await this.options.hooks?.beforeApply?.();
    let outcomes: ApplyOutcome[];
    try {
      outcomes = await this.target.applyBatch(
        changes.map((change) => change.event),
        this.options.hooks?.beforeCommit,
      );
    } catch (err) {
      if (err instanceof SimulatedCrash) throw err;
      // The batch failed as a whole (say, the target is locked): its units come back later. Changes
      // still held in incomplete groups stay held.
      this.options.logger?.warn("batch failed, redelivering", { stream: this.subscription.stream, err: safeError(err) });
      for (const change of changes) change.delivery.nak(this.options.retryBaseMs);
      return;
    }
    this.options.hooks?.afterCommit?.();
    const movedOn = new Set<string>();
    let index = 0;
    for (const unit of units) {
      const unitOutcomes = outcomes.slice(index, index + unit.length);
      index += unit.length;
      if (unit.length === 1) {
        const [{ delivery, event }] = unit;
        // The common outcomes are settled without an await, so the batch's acks leave in one write.
        if (!this.settleAtOnce(delivery, event, unitOutcomes[0])) await this.settle(delivery, event, unitOutcomes[0]);
      } else await this.settleGroup(unit, unitOutcomes);
      // Anything but waiting changes what its row's waiting changes find (a failure may have parked it).
      unit.forEach((change, at) => unitOutcomes[at].kind !== "waiting" && movedOn.add(rowIdentity(change.event.table, change.event.key)));
    }
    if (this.waiting.size > 0 && movedOn.size > 0) this.again.push(...this.waiting.release(movedOn));
  }

  /**
   * A source transaction group: the target applied it whole (each change settled as usual) or none
   * of it, and then every change has the same outcome. It waits whole (held under the row whose
   * predecessor is missing), is retried whole and parked whole after `maxAttempts` or `maxWaitMs`.
   */
  private async settleGroup(unit: Received[], outcomes: ApplyOutcome[]): Promise<void> {
    const { retryBaseMs, retryMaxMs, waitBaseMs, waitMaxMs, maxAttempts, metrics, logger } = this.options;
    const stream = this.subscription.stream;
    const blocking = outcomes.find((outcome) => !["applied", "recorded", "ignored", "skipped"].includes(outcome.kind));
    const first = unit[0].event;
    const txId = first.tx?.id;
    const events = unit.map((change) => change.event);
    if (!blocking) {
      unit.forEach(({ delivery, event }, at) => this.settleAtOnce(delivery, event, outcomes[at]));
      this.failures.delete(first.position);
      this.waits.delete(first.position);
      return;
    }
    switch (blocking.kind) {
      case "parked":
        logger?.warn("transaction parked", { tx: txId, changes: unit.length, reason: blocking.reason });
        metrics?.parked(stream, await this.target.parkedCount());
        for (const { delivery } of unit) delivery.ack();
        return;
      case "waiting": {
        this.counters.waiting += unit.length;
        const since = this.waits.get(first.position) ?? Date.now();
        this.waits.set(first.position, since);
        if (Date.now() - since < this.options.maxWaitMs) {
          const waiter = unit.find((change) => change.event.previousPosition === blocking.waitingFor) ?? unit[0];
          const until = Math.min(Date.now() + this.options.holdWaitingMs, since + this.options.maxWaitMs);
          if (this.waiting.hold(rowIdentity(waiter.event.table, waiter.event.key), unit.map((change) => change.delivery), until)) return;
          for (const { delivery } of unit) delivery.nak(backoffMs(delivery.deliveryCount, waitBaseMs, waitMaxMs));
          return;
        }
        const reason = `parked with its source transaction ${txId}: previous change ${first.source}:${blocking.waitingFor} of one of its rows did not arrive within ${this.options.maxWaitMs} ms; replay from a position that includes it`;
        await this.target.park(events, reason, 0, new Date(since));
        this.waits.delete(first.position);
        logger?.error("transaction parked waiting for a predecessor", { tx: txId, waitingFor: blocking.waitingFor });
        metrics?.parked(stream, await this.target.parkedCount());
        for (const { delivery } of unit) delivery.ack();
        return;
      }
      default: {
        const error = blocking.kind === "failed" ? blocking.error : new Error(`unexpected outcome ${blocking.kind}`);
        const failure = this.failures.get(first.position) ?? { attempts: 0, first: new Date() };
        failure.attempts += 1;
        this.failures.set(first.position, failure);
        if (failure.attempts < maxAttempts) {
          logger?.warn("transaction apply failed, will retry", { tx: txId, attempts: failure.attempts, err: String(error) });
          for (const { delivery } of unit) delivery.nak(backoffMs(failure.attempts, retryBaseMs, retryMaxMs));
          return;
        }
        const reason = `parked with its source transaction ${txId}: ${safeError(error).message}`;
        await this.target.park(events, reason, failure.attempts, failure.first);
        this.failures.delete(first.position);
        logger?.error("transaction parked after repeated failures", { tx: txId, attempts: failure.attempts, reason });
        metrics?.parked(stream, await this.target.parkedCount());
        for (const { delivery } of unit) delivery.ack();
      }
    }
  }

  /**
   * Groups held incomplete for a while: if every change that did arrive was taken already and the
   * target shows it (a group applied whole before, part of it delivered again — say, its acks were
   * lost), they are acknowledged. Changes of tables this consumer does not follow show nothing: they
   * are the first of a group whose other changes may still be on their way (held up by a restart of
   * the broker or of this consumer), and acknowledging them would leave that group short forever;
   * they stay held until the rest arrives, or for `REMNANT_AFTER_MS`. Otherwise the rest is on its
   * way and they stay held (JetStream redelivers them after its ack wait; the assembler keeps the
   * newest delivery of each).
   */
  private async settleStaleGroups(): Promise<void> {
    if (this.groups.held === 0) return;
    for (const { id, members, heldMs } of this.groups.stale(this.options.groupCheckMs)) {
      const taken = await this.target.alreadyTaken(members.map((member) => member.event));
      if (taken === "pending" || (taken === "unknown" && heldMs < REMNANT_AFTER_MS)) continue;
      for (const { delivery } of this.groups.drop(id)) delivery.ack();
      this.counters.skipped += members.length;
      this.options.logger?.info("part of a transaction delivered again after it was applied: acknowledged", { tx: id, changes: members.length });
    }
  }

  /**
   * Settles an applied, recorded, ignored or skipped change (acknowledges it and counts it) and
   * returns true; false for the other outcomes, which `settle` handles.
   */
  private settleAtOnce(delivery: Delivery, event: ChangeEvent, outcome: ApplyOutcome): boolean {
    switch (outcome.kind) {
      case "applied": {
        this.waits.delete(event.position);
        const lagMs = Date.now() - Date.parse(event.committedAt);
        this.lag.add(lagMs);
        this.lastLagMs = lagMs;
        this.options.metrics?.applied(this.subscription.stream, lagMs);
        this.counters.applied += 1;
        this.counters.lastAppliedPosition = Math.max(this.counters.lastAppliedPosition, event.position);
        this.failures.delete(event.position);
        // A change made by an HTTP request (capture v3) is followed from that request's log lines to here.
        if (event.requestId) this.options.logger?.info("change applied", { id: event.id, table: event.table, key: event.key, op: event.op, requestId: event.requestId });
        delivery.ack();
        return true;
      }
      case "recorded":
        // Taken, not applied: the change came from the target itself. The position still counts
        // as reached, or a direction that mostly records (the reverse sync) would look stuck.
        this.counters.skipped += 1;
        this.counters.lastAppliedPosition = Math.max(this.counters.lastAppliedPosition, event.position);
        this.failures.delete(event.position);
        delivery.ack();
        return true;
      case "ignored":
      case "skipped":
        this.counters.skipped += 1;
        this.failures.delete(event.position);
        delivery.ack();
        return true;
      default:
        return false;
    }
  }

  private async settle(delivery: Delivery, event: ChangeEvent, outcome: ApplyOutcome): Promise<void> {
    const { retryBaseMs, retryMaxMs, waitBaseMs, waitMaxMs, maxAttempts, metrics, logger } = this.options;
    const stream = this.subscription.stream;
    switch (outcome.kind) {
      case "applied":
      case "recorded":
      case "ignored":
      case "skipped":
        this.settleAtOnce(delivery, event, outcome);
        return;
      case "parked":
        logger?.warn("change parked", { id: event.id, reason: outcome.reason, ...requestIdOf(event) });
        metrics?.parked(stream, await this.target.parkedCount());
        delivery.ack();
        return;
      case "waiting": {
        this.counters.waiting += 1;
        const since = this.waits.get(event.position) ?? Date.now();
        this.waits.set(event.position, since);
        if (Date.now() - since < this.options.maxWaitMs) {
          // Held until a change of its row is taken (then applied at once), or sent back after a while.
          const until = Math.min(Date.now() + this.options.holdWaitingMs, since + this.options.maxWaitMs);
          if (this.waiting.hold(rowIdentity(event.table, event.key), delivery, until)) return;
          delivery.nak(backoffMs(delivery.deliveryCount, waitBaseMs, waitMaxMs));
          return;
        }
        // The predecessor never came (a purged stream, a consumer started too late): an operator decides.
        const reason = `previous change ${event.source}:${outcome.waitingFor} of this row did not arrive within ${this.options.maxWaitMs} ms; replay from a position that includes it`;
        await this.target.park(event, reason, 0, new Date(since));
        this.waits.delete(event.position);
        logger?.error("change parked waiting for its predecessor", { id: event.id, waitingFor: outcome.waitingFor, ...requestIdOf(event) });
        metrics?.parked(stream, await this.target.parkedCount());
        delivery.ack();
        return;
      }
      case "failed": {
        const failure = this.failures.get(event.position) ?? { attempts: 0, first: new Date() };
        failure.attempts += 1;
        this.failures.set(event.position, failure);
        if (failure.attempts < maxAttempts) {
          logger?.warn("apply failed, will retry", { id: event.id, attempts: failure.attempts, err: String(outcome.error) });
          delivery.nak(backoffMs(failure.attempts, retryBaseMs, retryMaxMs));
          return;
        }
        const reason = safeError(outcome.error).message;
        await this.target.park(event, reason, failure.attempts, failure.first);
        this.failures.delete(event.position);
        logger?.error("change parked after repeated failures", { id: event.id, attempts: failure.attempts, reason, ...requestIdOf(event) });
        metrics?.parked(stream, await this.target.parkedCount());
        delivery.ack();
        return;
      }
    }
  }

  private onHeartbeat(event: HeartbeatEvent): void {
    const lagMs = Date.now() - Date.parse(event.at);
    this.heartbeat = { at: event.at, lagMs };
    this.options.metrics?.heartbeat(this.subscription.stream, lagMs);
  }

  private async refreshBacklog(): Promise<void> {
    if (!this.options.metrics || Date.now() - this.lastBacklogAt < 1000) return;
    this.lastBacklogAt = Date.now();
    const backlog = await this.subscription.backlog().catch(() => null);
    if (backlog) this.options.metrics.backlog(this.subscription.stream, backlog.pending + backlog.ackPending);
    if (!this.parkedReported) {
      // Changes parked before this process started count from the first look, not from the next park.
      const parked = await this.target.parkedCount().catch(() => null);
      if (parked !== null) {
        this.options.metrics.parked(this.subscription.stream, parked);
        this.parkedReported = true;
      }
    }
  }
}
