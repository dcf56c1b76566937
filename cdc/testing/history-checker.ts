import { rowIdentity } from "../core/keys";

/** A group id, or a change event's `tx`. */
export type TxRef = string | { id: string } | null;

const txId = (tx: TxRef | undefined): string | undefined => (tx === null || tx === undefined ? undefined : typeof tx === "string" ? tx : tx.id);

/** One change as written in the source (from its change log). */
export interface SourceChange {
  position: number;
  table: string;
  key: Record<string, unknown>;
  /** Its source transaction (what the writer committed together), or the relay's group, when known. */
  tx?: TxRef;
}

/** One application of a change in the target, in the order the target committed them. */
export interface AppliedChange {
  position: number;
  table: string;
  key: Record<string, unknown>;
  /** The change event's `tx` group, used only when the source change names none. */
  tx?: TxRef;
  /** The target transaction that committed it: needed to find groups applied in parts. */
  commit?: string | number | null;
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
  /**
   * Source transaction groups whose changes were committed in more than one target transaction
   * (only for applications that name their `commit`): "shop:tx:4: positions 7,8 in 2 target transactions".
   */
  splitTransactions: string[];
}

/**
 * The promise of the cdc library, checked on a history: every source change applied exactly once,
 * the changes of each row applied in source (position) order, and the changes of one source
 * transaction group committed in one target transaction (where applications name their commit).
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
  const groupOf = new Map(source.filter((change) => txId(change.tx)).map((change) => [change.position, txId(change.tx)!]));
  const commitsOfGroup = new Map<string, { commits: Set<string>; positions: number[] }>();
  for (const change of applied) {
    const tx = groupOf.get(change.position) ?? txId(change.tx);
    if (!tx || change.commit === undefined || change.commit === null) continue;
    const entry = commitsOfGroup.get(tx) ?? { commits: new Set<string>(), positions: [] };
    entry.commits.add(String(change.commit));
    entry.positions.push(change.position);
    commitsOfGroup.set(tx, entry);
  }
  const splitTransactions = [...commitsOfGroup]
    .filter(([, entry]) => entry.commits.size > 1)
    .map(([tx, entry]) => `${tx}: positions ${entry.positions.sort((a, b) => a - b).join(",")} in ${entry.commits.size} target transactions`);
  return {
    ok: missing.length + duplicated.length + unknown.length + outOfOrder.length + splitTransactions.length === 0,
    missing,
    duplicated,
    unknown,
    outOfOrder,
    splitTransactions,
  };
}

/** Throws with the whole report when the history breaks the promise (for tests). */
export function assertHistory(source: readonly SourceChange[], applied: readonly AppliedChange[]): void {
  const report = checkHistory(source, applied);
  if (!report.ok) {
    const first = (list: unknown[]) => JSON.stringify(list.slice(0, 20));
    throw new Error(
      `change history is wrong (${source.length} source changes, ${applied.length} applications): ` +
        `missing ${first(report.missing)}, duplicated ${first(report.duplicated)}, unknown ${first(report.unknown)}, out of order ${first(report.outOfOrder)}, ` +
        `split transactions ${first(report.splitTransactions)}`,
    );
  }
}
