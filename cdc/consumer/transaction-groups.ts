import type { ChangeEvent } from "../../contracts";
import type { Delivery } from "../core/ports";

/**
 * A batch cut into the units a target applies whole: a run of consecutive changes with the same
 * `tx.id` (a source transaction group), or one change without a group.
 */
export function applyUnits(events: readonly ChangeEvent[]): ChangeEvent[][] {
  const units: ChangeEvent[][] = [];
  for (const event of events) {
    const last = units[units.length - 1];
    if (last && event.tx && last[0].tx?.id === event.tx.id) last.push(event);
    else units.push([event]);
  }
  return units;
}

/** A change and the delivery that brought it. */
export interface Received {
  delivery: Delivery;
  event: ChangeEvent;
}

interface OpenGroup {
  size: number;
  /** By position: a redelivered change replaces its earlier delivery. */
  members: Map<number, Received>;
  /** When the group was last found incomplete by `stale` (or first seen). */
  since: number;
  /** When its first change arrived. */
  firstSeen: number;
}

/**
 * Assembles source transaction groups from deliveries (docs/cdc.md, "Transactions"). A change
 * without `tx` is complete on its own; a group is complete once `size` different positions of it
 * arrived (every change of a group carries its size). Incomplete groups are held, neither
 * acknowledged nor sent back, until the rest arrives — however many receives that takes, so a
 * group larger than the consumer's batch size grows the batch instead of deadlocking it.
 */
export class GroupAssembler {
  private readonly open = new Map<string, OpenGroup>();
  private heldCount = 0;

  /** Deliveries held in incomplete groups. */
  get held(): number {
    return this.heldCount;
  }

  /**
   * Adds received changes; returns what is complete now, units in position order (the changes of
   * a group in position order): singletons and whole groups, ready to apply.
   */
  add(received: readonly Received[], now = Date.now()): Received[][] {
    const complete: Received[][] = [];
    const touched = new Set<string>();
    for (const item of received) {
      const tx = item.event.tx;
      if (!tx || tx.size <= 1) {
        complete.push([item]);
        continue;
      }
      let group = this.open.get(tx.id);
      if (!group) {
        group = { size: tx.size, members: new Map(), since: now, firstSeen: now };
        this.open.set(tx.id, group);
      }
      if (!group.members.has(item.event.position)) this.heldCount += 1;
      group.members.set(item.event.position, item);
      touched.add(tx.id);
    }
    for (const id of touched) {
      const group = this.open.get(id)!;
      if (group.members.size < group.size) continue;
      this.open.delete(id);
      this.heldCount -= group.members.size;
      complete.push([...group.members.values()].sort((a, b) => a.event.position - b.event.position));
    }
    return complete.sort((a, b) => a[0].event.position - b[0].event.position);
  }

  /**
   * Incomplete groups held for `afterMs` since they were last looked at (their clock restarts):
   * parts of a group applied before and delivered again without the rest, or a group whose rest
   * is still on its way. The caller decides (and `drop`s the ones it settled).
   */
  stale(afterMs: number, now = Date.now()): Array<{ id: string; members: Received[]; heldMs: number }> {
    const out: Array<{ id: string; members: Received[]; heldMs: number }> = [];
    for (const [id, group] of this.open) {
      if (now - group.since < afterMs) continue;
      group.since = now;
      out.push({ id, members: [...group.members.values()], heldMs: now - group.firstSeen });
    }
    return out;
  }

  /** Stops holding a group; returns its deliveries. */
  drop(id: string): Received[] {
    const group = this.open.get(id);
    if (!group) return [];
    this.open.delete(id);
    this.heldCount -= group.members.size;
    return [...group.members.values()];
  }

  /** Everything held (the consumer stops). */
  drain(): Received[] {
    const out = [...this.open.values()].flatMap((group) => [...group.members.values()]);
    this.open.clear();
    this.heldCount = 0;
    return out;
  }
}
