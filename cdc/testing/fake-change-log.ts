import type { ChangeLog, LogBacklog, LoggedChange } from "../core/ports";

/** In-memory ChangeLog: `append` plays the capture triggers. */
export class FakeChangeLog implements ChangeLog {
  readonly rows: Array<LoggedChange & { published: boolean }> = [];
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

  async readUnpublished(after: number, limit: number): Promise<LoggedChange[]> {
    return this.rows.filter((row) => !row.published && row.position > after).slice(0, limit).map(({ published: _published, ...change }) => change);
  }

  async markPublished(positions: readonly number[]): Promise<void> {
    for (const row of this.rows) if (positions.includes(row.position)) row.published = true;
  }

  async backlog(): Promise<LogBacklog> {
    const unpublished = this.rows.filter((row) => !row.published);
    return { count: unpublished.length, oldestCommittedAt: unpublished[0]?.committedAt ?? null };
  }

  async deletePublishedBefore(cutoff: Date): Promise<number> {
    const firstUnpublished = this.rows.find((row) => !row.published)?.position ?? Infinity;
    const doomed = this.rows.filter((row) => row.published && row.position < firstUnpublished && Date.parse(row.committedAt) < cutoff.getTime());
    for (const row of doomed) this.rows.splice(this.rows.indexOf(row), 1);
    return doomed.length;
  }
}
