import type { WriteFenceRow } from "../sqlite/write-fence";
import type { CutoverLease } from "./cutover-lease-store";
import { otherSide, type Owner } from "./owner";
import type { ProxyGroupView } from "./proxy-control";

/** One database's part of a write group: its moved tables and the fence rows on them. */
export interface SideFences {
  tables: readonly string[];
  rows: readonly WriteFenceRow[];
}

/** Everything that decides whether a write group's state agrees with its owner. */
export interface GroupState {
  group: string;
  owner: Owner;
  epoch: number;
  lease: CutoverLease | null;
  sides: Record<Owner, SideFences>;
  /** The proxy's view of the group; null when no proxy is known (or it cannot be reached). */
  proxy: ProxyGroupView | null;
}

/** One thing to change so that the group agrees with its owner again. */
export type SettleAction =
  /** The non-owner must refuse local writes to these tables. */
  | { kind: "fence"; side: Owner; tables: string[] }
  /** The owner must take writes: lift these rows, each only if its holder is still the one seen. */
  | { kind: "open"; side: Owner; rows: Array<{ table: string; holder: string | null }> }
  /** The proxy must route the group to the owner. */
  | { kind: "route"; to: Owner }
  /** The proxy fence this lease inherited is to be lifted. */
  | { kind: "unfence-proxy"; holder: string };

/**
 * What makes a write group agree with its ownership record (pure): the non-owner's tables fenced,
 * the owner's open, the proxy routing the group to the owner, and no proxy fence left by the lease
 * `heldLeaseId` (the lease the caller holds, or null when it only looks). Undoing an interrupted
 * cut-over and finishing one are the same plan: the record says which side owns the group.
 */
export function planSettle(state: GroupState, heldLeaseId: string | null): SettleAction[] {
  const actions: SettleAction[] = [];
  const owner = state.owner;
  const other = otherSide(owner);
  const fenced = new Set(state.sides[other].rows.map((row) => row.table));
  const unfenced = state.sides[other].tables.filter((table) => !fenced.has(table));
  if (unfenced.length > 0) actions.push({ kind: "fence", side: other, tables: unfenced });
  const ownerRows = state.sides[owner].rows.filter((row) => state.sides[owner].tables.includes(row.table));
  if (ownerRows.length > 0) actions.push({ kind: "open", side: owner, rows: ownerRows.map((row) => ({ table: row.table, holder: row.holder })) });
  if (state.proxy) {
    if (state.proxy.stage !== owner) actions.push({ kind: "route", to: owner });
    if (heldLeaseId !== null && state.proxy.fence?.holder === heldLeaseId) actions.push({ kind: "unfence-proxy", holder: heldLeaseId });
  }
  return actions;
}

/** The plan in words, for logs and the CLI. */
export function describeSettleAction(group: string, action: SettleAction): string {
  switch (action.kind) {
    case "fence":
      return `fence ${action.tables.join(", ")} in the ${action.side}'s database (it does not own ${group})`;
    case "open":
      return `open ${action.rows.map((row) => row.table).join(", ")} in the ${action.side}'s database (it owns ${group})`;
    case "route":
      return `route ${group} to the ${action.to} at the proxy`;
    case "unfence-proxy":
      return `lift the proxy fence of ${group}`;
  }
}
