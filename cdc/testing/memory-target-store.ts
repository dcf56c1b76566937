import type { ChangeEvent } from "../../contracts";
import { decideApply } from "../core/apply-decision";
import { keyText, rowIdentity } from "../core/keys";
import { applyUnits } from "../consumer/transaction-groups";
import type { ApplyOutcome, DiscardAudit, DiscardResult, ParkedChange, ParkedFilter, ReplayResult, TargetStore } from "../core/ports";

/** A parked change an operator discarded, with the audit's reason and actor (the SQL store's `_strangler_discarded_changes`). */
export interface DiscardedChange extends ParkedChange {
  discardReason: string;
  actor: string;
  discardedAt: string;
}

/**
 * In-memory TargetStore following the same rule as the SQL one (decideApply). `failing` decides
 * which changes throw when applied; `applied` is the application history for the checker.
 */
export class MemoryTargetStore implements TargetStore {
  readonly applied: ChangeEvent[] = [];
  readonly positions = new Map<string, number>();
  readonly parked: ParkedChange[] = [];
  readonly discarded: DiscardedChange[] = [];
  private start = 0;

  /** `ownOrigin`: changes of this origin are recorded (position kept), never applied, as the SQL store does. */
  constructor(
    public failing: (event: ChangeEvent) => boolean = () => false,
    private readonly ownOrigin?: string,
  ) {}

  /**
   * As the SQL store: a transaction group (consecutive changes with the same `tx.id`) applies whole
   * or not at all; when one of its changes fails, waits or is parked, what the others did is undone
   * and every change of the group gets that outcome (a group parked is parked whole).
   */
  async applyBatch(events: readonly ChangeEvent[]): Promise<ApplyOutcome[]> {
    const outcomes: ApplyOutcome[] = [];
    for (const unit of applyUnits(events)) outcomes.push(...this.applyUnit(unit));
    return outcomes;
  }

  private applyUnit(unit: readonly ChangeEvent[]): ApplyOutcome[] {
    if (unit.length === 1) return [this.applyOne(unit[0])];
    const saved = { applied: this.applied.length, parked: this.parked.length, positions: new Map(this.positions) };
    const outcomes = unit.map((event) => this.applyOne(event));
    const blocking = outcomes.find((outcome) => !["applied", "recorded", "ignored", "skipped"].includes(outcome.kind));
    if (!blocking) return outcomes;
    this.applied.splice(saved.applied);
    this.parked.splice(saved.parked);
    this.positions.clear();
    for (const [row, position] of saved.positions) this.positions.set(row, position);
    if (blocking.kind !== "parked") return unit.map(() => blocking);
    const reason = `parked with its source transaction ${unit[0].tx?.id}: ${blocking.reason}`;
    unit.forEach((event, index) => outcomes[index].kind !== "skipped" && this.parkSync(event, reason, 0, new Date()));
    return unit.map(() => ({ kind: "parked", reason }));
  }

  async alreadyTaken(events: readonly ChangeEvent[]): Promise<"applied" | "unknown" | "pending"> {
    let evidence = false;
    for (const event of events) {
      if (event.position < this.start) continue;
      if (!this.parked.some((parked) => parked.position === event.position) && (this.positions.get(rowIdentity(event.table, event.key)) ?? 0) < event.position) return "pending";
      evidence = true;
    }
    return evidence ? "applied" : "unknown";
  }

  private applyOne(event: ChangeEvent): ApplyOutcome {
    const row = rowIdentity(event.table, event.key);
    const parkedOfRow = this.parked.filter((parked) => rowIdentity(parked.table, parked.event.key) === row);
    const decision = decideApply(
      event,
      {
        storedPosition: this.positions.get(row) ?? null,
        firstParkedPosition: parkedOfRow.length ? Math.min(...parkedOfRow.map((parked) => parked.position)) : null,
        thisChangeParked: parkedOfRow.some((parked) => parked.position === event.position),
      },
      this.start,
    );
    if (decision.action === "skip") return { kind: "skipped", reason: decision.reason };
    if (decision.action === "wait") return { kind: "waiting", waitingFor: decision.waitingFor };
    if (decision.action === "park-behind") {
      this.parkSync(event, "held behind a parked change", 0, new Date());
      return { kind: "parked", reason: "held behind a parked change" };
    }
    if (event.origin === this.ownOrigin) {
      this.positions.set(row, event.position);
      return { kind: "recorded" };
    }
    if (this.failing(event)) return { kind: "failed", error: new Error(`mapping refused change ${event.id}`) };
    this.applied.push(event);
    this.positions.set(row, event.position);
    return { kind: "applied" };
  }

  async park(events: ChangeEvent | readonly ChangeEvent[], reason: string, attempts: number, firstFailedAt: Date): Promise<void> {
    for (const event of Array.isArray(events) ? events : [events as ChangeEvent]) this.parkSync(event, reason, attempts, firstFailedAt);
  }

  private parkSync(event: ChangeEvent, reason: string, attempts: number, firstFailedAt: Date): void {
    if (this.parked.some((parked) => parked.position === event.position)) return;
    const at = new Date().toISOString();
    this.parked.push({ source: event.source, position: event.position, table: event.table, key: keyText(event.key), event, reason, attempts, firstFailedAt: firstFailedAt.toISOString(), lastFailedAt: at });
  }

  async listParked(filter: ParkedFilter = {}): Promise<ParkedChange[]> {
    return this.parked
      .filter((parked) => (!filter.table || parked.table === filter.table) && (!filter.key || parked.key === filter.key) && (!filter.source || parked.source === filter.source))
      .sort((a, b) => a.position - b.position);
  }

  async replayParked(filter: ParkedFilter = {}): Promise<ReplayResult> {
    let replayed = 0;
    for (const parked of await this.listParked(filter)) {
      this.parked.splice(this.parked.indexOf(parked), 1);
      const outcome = this.applyOne(parked.event);
      if (outcome.kind === "applied" || outcome.kind === "skipped") replayed += 1;
      else this.parked.push(parked);
    }
    return { replayed, stillParked: (await this.listParked(filter)).length };
  }

  /** As the SQL store: the key's parked changes go to `discarded`, the highest position of each row is stored as taken. */
  async discardParked(filter: ParkedFilter & { key: string }, audit: DiscardAudit): Promise<DiscardResult> {
    if (!audit.reason?.trim()) throw new Error("a discard needs a reason");
    const at = new Date().toISOString();
    const changes = await this.listParked(filter);
    for (const change of changes) {
      this.parked.splice(this.parked.indexOf(change), 1);
      this.discarded.push({ ...change, discardReason: audit.reason.trim(), actor: audit.actor?.trim() || "unknown", discardedAt: at });
      const row = rowIdentity(change.table, change.event.key);
      this.positions.set(row, Math.max(this.positions.get(row) ?? 0, change.position));
    }
    return { discarded: changes.length, stillParked: this.parked.length };
  }

  async parkedCount(): Promise<number> {
    return this.parked.length;
  }

  async startPosition(): Promise<number> {
    return this.start;
  }

  async setStartPosition(position: number): Promise<void> {
    this.start = position;
  }
}
