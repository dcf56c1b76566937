/**
 * The relay's progress from acknowledgements that come back in any order: positions are started
 * in increasing order, acked in any order, and "published through" is the highest position P
 * with every started position at or below P acknowledged (the smallest unacknowledged one − 1,
 * or the highest started when none is outstanding) and P the end of a transaction group. It never
 * passes an unacknowledged position.
 */
export class AckWindow {
  /** Started and not yet folded into `through`, ascending. */
  private readonly outstanding: number[] = [];
  private readonly acknowledged = new Set<number>();
  /** Started positions that do NOT end their transaction group: progress never stops on one. */
  private readonly inside = new Set<number>();
  private highest: number;
  /** The highest folded position that ends a group, and whether the last folded one is inside a group. */
  private boundary: number;
  private midGroup = false;

  /** `start`: the position every change at or below which is known published (a group boundary). */
  constructor(start: number) {
    this.highest = start;
    this.boundary = start;
  }

  /** The highest position started (the read cursor). */
  get highestStarted(): number {
    return this.highest;
  }

  /** Positions started and not yet acknowledged. */
  get inFlight(): number {
    return this.outstanding.length - this.acknowledged.size;
  }

  /** `endsGroup` false: a later change of its transaction group follows; "published through" never stops at it. */
  started(position: number, endsGroup = true): void {
    if (position <= this.highest) throw new Error(`position ${position} started after ${this.highest}: positions must grow`);
    this.outstanding.push(position);
    if (!endsGroup) this.inside.add(position);
    this.highest = position;
  }

  acked(position: number): void {
    this.acknowledged.add(position);
  }

  /** Published through: every started position at or below it is acknowledged. */
  /**
   * Published through: every started position at or below it is acknowledged, and it ends a
   * transaction group, so a relay that resumes there reads the next group whole (and pruning, at or
   * below it, never cuts a group).
   */
  through(): number {
    let done = 0;
    while (done < this.outstanding.length && this.acknowledged.has(this.outstanding[done])) {
      const position = this.outstanding[done++];
      this.acknowledged.delete(position);
      this.midGroup = this.inside.delete(position);
      if (!this.midGroup) this.boundary = position;
    }
    if (done > 0) this.outstanding.splice(0, done);
    // Inside a group: back to the end of the last whole one. Otherwise up to the next outstanding one.
    if (this.midGroup) return this.boundary;
    return this.outstanding.length > 0 ? this.outstanding[0] - 1 : this.highest;
  }
}
