/** What kind of promise a failure broke (the summary counts each kind). */
export type FailureKind = "toolkit-5xx" | "stuck-fence" | "lost" | "history" | "answer" | "process" | "command" | "check";

export interface Failure {
  kind: FailureKind;
  detail: string;
}

/** The counters of one row of the fault table (a kind of fault, or a phase without a fault). */
export interface RowStats {
  row: string;
  /** Faults of this kind injected (kills that happened). */
  tries: number;
  /** Broken promises seen in this row, one line each (a failed check, a toolkit 5xx, an unexpected exit…). */
  failures: Failure[];
  /** Writes the clients were told succeeded (2xx) while this row was the current one. */
  confirmed: number;
  /** Confirmed writes of this row whose effect is missing at the end (filled in by the final proof). */
  lost: number;
  /** Answers after which the clients could not know whether the write happened. */
  ambiguous: number;
  /** Retryable refusals and unreachable moments, each retried. */
  retried: number;
}

/**
 * Who was told what, by fault row: the current row is the fault being injected (or the phase
 * between faults); every confirmed write is attributed to the row current when it was confirmed.
 */
export class WriteLedger {
  private readonly rows = new Map<string, RowStats>();
  /** Rows renamed once known (a cut-over's row names the point it really died at). */
  private readonly aliases = new Map<string, string>();
  private currentRow: string;

  constructor(firstRow: string) {
    this.currentRow = firstRow;
    this.stats(firstRow);
  }

  get current(): string {
    return this.currentRow;
  }

  /**
   * Merges row `from` into row `to` (created when new); writes recorded under `from` keep it as
   * their label, which now resolves to `to`.
   */
  relabel(from: string, to: string): void {
    const source = this.stats(from);
    const target = this.stats(to);
    if (source === target) return;
    target.tries += source.tries;
    target.confirmed += source.confirmed;
    target.lost += source.lost;
    target.ambiguous += source.ambiguous;
    target.retried += source.retried;
    target.failures.push(...source.failures);
    this.rows.delete(source.row);
    this.aliases.set(source.row, target.row);
    for (const [alias, row] of this.aliases) if (row === source.row) this.aliases.set(alias, target.row);
    if (this.currentRow === source.row) this.currentRow = target.row;
  }

  /** Makes `row` the current one (without counting a try). */
  enter(row: string): void {
    this.currentRow = row;
    this.stats(row);
  }

  /** Counts one injected fault of `row`. */
  tried(row: string): void {
    this.stats(row).tries += 1;
  }

  /** Records a confirmed write; returns the row it is attributed to. */
  confirmed(): string {
    this.stats(this.currentRow).confirmed += 1;
    return this.currentRow;
  }

  ambiguous(): void {
    this.stats(this.currentRow).ambiguous += 1;
  }

  retried(): void {
    this.stats(this.currentRow).retried += 1;
  }

  /** A broken promise, in the current row unless `row` is given. */
  failure(kind: FailureKind, detail: string, row = this.currentRow): void {
    this.stats(row).failures.push({ kind, detail });
  }

  /** Every failure of `kind`, with its row. */
  failuresOf(kind: FailureKind): Array<Failure & { row: string }> {
    return this.all().flatMap((stats) => stats.failures.filter((failure) => failure.kind === kind).map((failure) => ({ ...failure, row: stats.row })));
  }

  /** A confirmed write (confirmed in `row`) whose effect is missing at the end. */
  lost(row: string, detail: string): void {
    const stats = this.stats(row);
    stats.lost += 1;
    stats.failures.push({ kind: "lost", detail });
  }

  all(): RowStats[] {
    return [...this.rows.values()];
  }

  private stats(label: string): RowStats {
    const row = this.aliases.get(label) ?? label;
    let stats = this.rows.get(row);
    if (!stats) {
      stats = { row, tries: 0, failures: [], confirmed: 0, lost: 0, ambiguous: 0, retried: 0 };
      this.rows.set(row, stats);
    }
    return stats;
  }
}
