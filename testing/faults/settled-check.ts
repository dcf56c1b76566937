import type { OwnershipStatus, SyncStatus } from "../../contracts";
import type { FaultStack } from "./fault-stack";
import { getJson } from "./wait-http";

export type Owner = "monolith" | "service";

const MOVED = ["categories", "products"];

interface GroupView {
  group: string;
  stage: string;
  fenced: boolean;
  fence: { holder: string; ageMs: number } | null;
}

/** How the group was found by the last look. */
export interface SettledLook {
  ok: boolean;
  owner: Owner | null;
  /** What did not hold (empty when ok), in words. */
  problems: string[];
  /** What was seen, for a failure message. */
  seen: string;
  ms: number;
}

function problemsOf(own: OwnershipStatus, group: GroupView): string[] {
  const problems: string[] = [];
  const other: Owner = own.owner === "monolith" ? "service" : "monolith";
  if (own.lease) problems.push(`a cut-over lease is held by ${own.lease.holder} (${own.lease.from} → ${own.lease.to}, step ${own.lease.step}, expired ${own.lease.expired})`);
  if (own.fenced[own.owner].length > 0) problems.push(`the owner (${own.owner}) has fenced tables: ${own.fenced[own.owner].join(", ")}`);
  if ([...own.fenced[other]].sort().join() !== MOVED.join()) problems.push(`the non-owner (${other}) fences [${own.fenced[other].join(", ")}], not [${MOVED.join(", ")}]`);
  if (group.fenced) problems.push(`the proxy fences catalog-writes (holder ${group.fence?.holder ?? "?"}, ${group.fence?.ageMs ?? "?"} ms)`);
  if (group.stage !== own.owner) problems.push(`the proxy routes catalog-writes to the ${group.stage}, the owner is the ${own.owner}`);
  return problems;
}

/**
 * "No fence left held": within `timeoutMs`, the catalog's sync status shows no lease, the owner's
 * tables open and the non-owner's fenced, and the proxy's `catalog-writes` unfenced on the owner's
 * stage. Polls (never sleeps a fixed time); the last look says what did not hold.
 */
export async function waitSettled(stack: FaultStack, timeoutMs = 20_000): Promise<SettledLook> {
  const started = Date.now();
  let last: SettledLook = { ok: false, owner: null, problems: ["nothing read yet"], seen: "", ms: 0 };
  while (Date.now() - started <= timeoutMs) {
    try {
      const status = await getJson<SyncStatus>(`${stack.catalogUrl}/internal/sync/status`);
      const groups = await getJson<{ groups: GroupView[] }>(`${stack.adminUrl}/groups`, stack.adminToken);
      const own = status.ownership?.find((entry) => entry.group === "catalog-writes");
      const group = groups.groups.find((entry) => entry.group === "catalog-writes");
      if (!own || !group) throw new Error(`catalog-writes missing: ownership ${JSON.stringify(status.ownership)}, groups ${JSON.stringify(groups.groups)}`);
      const problems = problemsOf(own, group);
      last = { ok: problems.length === 0, owner: own.owner, problems, seen: `ownership ${JSON.stringify(own)}; proxy ${JSON.stringify(group)}`, ms: Date.now() - started };
      if (last.ok) return last;
    } catch (err) {
      last = { ok: false, owner: last.owner, problems: [`could not read: ${err instanceof Error ? err.message : String(err)}`], seen: last.seen, ms: Date.now() - started };
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return last;
}
