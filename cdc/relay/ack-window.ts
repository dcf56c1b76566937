/**
 * The relay's progress from acknowledgements that come back in any order: positions are started
 * in increasing order, acked in any order, and "published through" is the highest position P
 * with every started position at or below P acknowledged (the smallest unacknowledged one − 1,
 * or the highest started when none is outstanding). It never passes an unacknowledged position.
 */
export class AckWindow {
  /** Started and not yet folded into `through`, ascending. */
  private readonly outstanding: number[] = [];
  private readonly acknowledged = new Set<number>();
  private highest: number;

  /** `start`: the position every change at or below which is known published. */
  constructor(start: number) {
    this.highest = start;
  }

  /** The highest position started (the read cursor). */
  get highestStarted(): number {
    return this.highest;
  }

  /** Positions started and not yet acknowledged. */
  get inFlight(): number {
    return this.outstanding.length - this.acknowledged.size;
  }

  started(position: number): void {
    if (position <= this.highest) throw new Error(`position ${position} started after ${this.highest}: positions must grow`);
    this.outstanding.push(position);
    this.highest = position;
  }

  acked(position: number): void {
    this.acknowledged.add(position);
  }

  /** Published through: every started position at or below it is acknowledged. */
  through(): number {
    let done = 0;
    while (done < this.outstanding.length && this.acknowledged.has(this.outstanding[done])) this.acknowledged.delete(this.outstanding[done++]);
    if (done > 0) this.outstanding.splice(0, done);
    return this.outstanding.length > 0 ? this.outstanding[0] - 1 : this.highest;
  }
}
