import type { ChangeLog, LogBacklog, LoggedChange } from "../core/ports";

/**
 * In-memory ChangeLog: `append` plays the capture triggers. `published` plays the log's old
 * column (only `legacyPublishedThrough` reads it); `pruneBatches` lists what each prune batch deleted.
 */
export class FakeChangeLog implements ChangeLog {
  readonly rows: Array<LoggedChange & { published: boolean }> = [];
  /** Rows deleted by pruneBatch, per call. */
  readonly pruneBatches: number[] = [];
  private nextPosition = 1;
  /**
   * With `groups`: the commit-group clock (capture v4). `append` stamps the clock's value, so every
   * append until the next `closeGroups` is in one group (one or more "transactions");
   * `busyTicks` makes that many ticks fail as a busy source would.
   */
  clock = 1;
  busyTicks = 0;
  readonly groups: boolean;
  private readonly stamps = new Map<number, number>();

  constructor(
    readonly source = "shop",
    options: { groups?: boolean } = {},
  ) {
    this.groups = options.groups ?? false;
  }

  append(table: string, key: Record<string, unknown>, after: Record<string, unknown> | null = { ...key }, at = new Date()): LoggedChange {
    const previous = [...this.rows].reverse().find((row) => row.table === table && JSON.stringify(row.key) === JSON.stringify(key));
    const change: LoggedChange = {
      position: this.nextPosition++,
      previousPosition: previous?.position ?? null,
      table,
      op: after === null ? "delete" : previous && previous.op !== "delete" ? "update" : "insert",
      key,
      before: previous?.after ?? null,
      after,
      committedAt: at.toISOString(),
      origin: this.source,
    };
    this.rows.push({ ...change, published: false });
    if (this.groups) this.stamps.set(change.position, this.clock);
    return change;
  }

  async readAfter(after: number, limit: number): Promise<LoggedChange[]> {
    const clock = this.clock;
    return this.rows
      .filter((row) => row.position > after)
      .slice(0, limit)
      .map(({ published: _published, ...change }) => {
        const stamp = this.stamps.get(change.position);
        return this.groups ? { ...change, group: stamp === undefined ? null : { id: String(stamp), closed: stamp < clock } } : change;
      });
  }

  /** The clock's value each logged change got (null: none). */
  stampOf(position: number): number | null {
    return this.stamps.get(position) ?? null;
  }

  async closeGroups(): Promise<boolean> {
    if (this.busyTicks > 0) {
      this.busyTicks -= 1;
      return false;
    }
    this.clock += 1;
    return true;
  }

  async groupStart(through: number): Promise<number> {
    const next = this.rows.find((row) => row.position > through);
    const stamp = next ? this.stamps.get(next.position) : undefined;
    if (stamp === undefined) return through;
    let start = through;
    for (const row of [...this.rows].reverse()) {
      if (row.position > through) continue;
      if (this.stamps.get(row.position) !== stamp) break;
      start = row.position - 1;
    }
    return start;
  }

  async backlog(after: number): Promise<LogBacklog> {
    const above = this.rows.filter((row) => row.position > after);
    return { count: above.length, oldestCommittedAt: above[0]?.committedAt ?? null };
  }

  async legacyPublishedThrough(): Promise<number> {
    const first = this.rows.find((row) => !row.published);
    if (first) return first.position - 1;
    return this.rows[this.rows.length - 1]?.position ?? 0;
  }

  private doomed(through: number, cutoff: Date): Array<LoggedChange & { published: boolean }> {
    return this.rows.filter((row) => row.position <= through && Date.parse(row.committedAt) < cutoff.getTime());
  }

  async prunable(through: number, cutoff: Date): Promise<{ first: number; last: number; count: number } | null> {
    const doomed = this.doomed(through, cutoff);
    if (doomed.length === 0) return null;
    return { first: doomed[0].position, last: doomed[doomed.length - 1].position, count: doomed.length };
  }

  async pruneBatch(through: number, cutoff: Date, limit: number): Promise<number> {
    const doomed = this.doomed(through, cutoff).slice(0, limit);
    for (const row of doomed) this.rows.splice(this.rows.indexOf(row), 1);
    this.pruneBatches.push(doomed.length);
    return doomed.length;
  }
}
