/**
 * How far a consumer has provably taken its stream, in source positions (read-your-writes,
 * docs/read-your-writes.md). A relay's position mark at stream sequence `s` says every change at or
 * below `publishedThrough` lies before `s` in the stream; once the broker's acknowledged floor (all
 * messages at or below it acknowledged, and this consumer acknowledges a change only after it was
 * applied and committed, parked, or found not followed) reaches `s`, every one of them was taken.
 * The floor lives in the broker, so a restarted consumer never claims more than it has: it starts
 * from null and proves again from the next mark.
 */
export class AppliedThrough {
  /** Marks seen and not yet passed by the floor, ascending by sequence (their positions ascend too). */
  private readonly marks: Array<{ sequence: number; through: number }> = [];
  private proven: number | null = null;

  /** A position mark arrived at `sequence` (marks of an older relay run may repeat a lower `through`). */
  mark(sequence: number, through: number): void {
    const last = this.marks[this.marks.length - 1];
    if (last && sequence <= last.sequence) return;
    this.marks.push({ sequence, through });
    // Bounded: a floor that never moves (a consumer far behind) keeps only the newest marks it can use first.
    if (this.marks.length > 4096) this.marks.splice(0, this.marks.length - 4096);
  }

  /** Folds in the broker's acknowledged floor (a stream sequence); returns the position proven so far. */
  passFloor(ackFloor: number): number | null {
    let passed = 0;
    while (passed < this.marks.length && this.marks[passed].sequence <= ackFloor) {
      this.proven = Math.max(this.proven ?? 0, this.marks[passed].through);
      passed += 1;
    }
    if (passed > 0) this.marks.splice(0, passed);
    return this.proven;
  }

  get value(): number | null {
    return this.proven;
  }
}
