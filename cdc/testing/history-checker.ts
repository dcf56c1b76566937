import { rowIdentity } from "../core/keys";

/** One change as written in the source (from its change log). */
export interface SourceChange {
  position: number;
  table: string;
  key: Record<string, unknown>;
}

/** One application of a change in the target, in the order the target committed them. */
export interface AppliedChange {
  position: number;
  table: string;
  key: Record<string, unknown>;
}

export interface HistoryReport {
  ok: boolean;
  /** Source positions never applied. */
  missing: number[];
  /** Positions applied more than once. */
  duplicated: number[];
  /** Applied positions the source never had. */
  unknown: number[];
  /** Per row, a change applied after a later change of that row: "row: 7 after 9". */
  outOfOrder: string[];
}

/**
 * The promise of the cdc library, checked on a history: every source change applied exactly once,
 * and the changes of each row applied in source (position) order.
 */
export function checkHistory(source: readonly SourceChange[], applied: readonly AppliedChange[]): HistoryReport {
  const expected = new Set(source.map((change) => change.position));
  const seen = new Map<number, number>();
  for (const change of applied) seen.set(change.position, (seen.get(change.position) ?? 0) + 1);
  const missing = [...expected].filter((position) => !seen.has(position)).sort((a, b) => a - b);
  const duplicated = [...seen].filter(([, count]) => count > 1).map(([position]) => position).sort((a, b) => a - b);
  const unknown = [...seen.keys()].filter((position) => !expected.has(position)).sort((a, b) => a - b);
  const lastPerRow = new Map<string, number>();
  const outOfOrder: string[] = [];
  for (const change of applied) {
    const row = rowIdentity(change.table, change.key);
    const last = lastPerRow.get(row);
    if (last !== undefined && last > change.position) outOfOrder.push(`${row}: ${change.position} after ${last}`);
    lastPerRow.set(row, Math.max(last ?? 0, change.position));
  }
  return { ok: missing.length + duplicated.length + unknown.length + outOfOrder.length === 0, missing, duplicated, unknown, outOfOrder };
}

/** Throws with the whole report when the history breaks the promise (for tests). */
export function assertHistory(source: readonly SourceChange[], applied: readonly AppliedChange[]): void {
  const report = checkHistory(source, applied);
  if (!report.ok) {
    const first = (list: unknown[]) => JSON.stringify(list.slice(0, 20));
    throw new Error(
      `change history is wrong (${source.length} source changes, ${applied.length} applications): ` +
        `missing ${first(report.missing)}, duplicated ${first(report.duplicated)}, unknown ${first(report.unknown)}, out of order ${first(report.outOfOrder)}`,
    );
  }
}
