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

  constructor(readonly source = "shop") {}

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
    return change;
  }

  async readAfter(after: number, limit: number): Promise<LoggedChange[]> {
    return this.rows.filter((row) => row.position > after).slice(0, limit).map(({ published: _published, ...change }) => change);
  }

  async head(): Promise<number> {
    return this.rows.length > 0 ? this.rows[this.rows.length - 1].position : 0;
  }

  async countBetween(after: number, through: number): Promise<number> {
    return this.rows.filter((row) => row.position > after && row.position <= through).length;
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
