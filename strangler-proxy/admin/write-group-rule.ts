import { STAGES } from "../config/schema";
import { WRITE_STAGES } from "../config/write-route-rules";
import { ProxyError, ProxyErrorCode } from "../errors";
import { describeHold, isLive, type FenceLease } from "../flags";
import type { CompiledRoute } from "../routing";

/**
 * Writes of a write group move only through `npx strangler cutover` (fence, drain, verify, flip):
 * a stage flip of one route, or of the group by anyone but the cut-over, would skip all of that and
 * could lose or split writes.
 */
const moveWith = (group: string) =>
  `its writes move only with \`npx strangler cutover ${group} --to service|monolith\` (fence, drain, verify, flip; docs/write-path.md)`;

/** 409 for `PUT /routes/:id/stage` and `POST /routes/:id/rollback` on a write route. */
export function writeRouteRefused(route: CompiledRoute): ProxyError {
  return new ProxyError(409, ProxyErrorCode.writeGroup, `Route ${route.id} belongs to the write group ${route.group}: ${moveWith(route.group ?? route.id)}. Nothing changed.`);
}

/** 409 for `PUT /groups/:group/stage` on a write group by a caller that does not hold its fence. */
export function writeGroupRefused(group: string, why: string): ProxyError {
  return new ProxyError(409, ProxyErrorCode.writeGroup, `Group ${group} is a write group: ${moveWith(group)}. ${why}. Nothing changed.`);
}

/** 409 for a stage change of a write group without `fenceHolder`. */
export function missingFenceHolder(group: string): never {
  throw writeGroupRefused(group, `A stage change of it must carry "fenceHolder", the holder of its live fence lease`);
}

/**
 * Throws unless `fenceHolder` holds the group's live fence lease: that is how the cut-over (and the
 * ownership keeper finishing an interrupted one) identify themselves.
 */
export function requireFenceHolder(group: string, fenceHolder: string, lease: FenceLease | undefined, now = Date.now()): void {
  if (!lease) throw writeGroupRefused(group, `"fenceHolder" ${fenceHolder} holds no fence: the group is not fenced`);
  if (!isLive(lease, now)) throw writeGroupRefused(group, `The fence lease of ${lease.holder} expired at ${lease.expiresAt}`);
  if (lease.holder !== fenceHolder) throw writeGroupRefused(group, `"fenceHolder" ${fenceHolder} does not hold its fence: it is ${describeHold(lease, now)}`);
}

/** 400 unless the stage is one a write group may be at (writes move 0 % → 100 %). */
export function requireWriteStage(group: string, stage: string): void {
  if ((WRITE_STAGES as readonly string[]).includes(stage)) return;
  throw new ProxyError(
    400,
    ProxyErrorCode.invalidStage,
    `Group ${group} is a write group: its writes move 0 % → 100 %, so its stage is one of ${WRITE_STAGES.join(", ")} (not ${stage}; stages: ${STAGES.join(", ")}).`,
    [{ field: "stage", message: `a write group's stage is ${WRITE_STAGES.join(" or ")}` }],
  );
}

/** The audit reason of a stage change made by the cut-over holding the fence (no promotion gate: writes have no shadow samples). */
export function cutoverStageReason(holder: string, reason: string | undefined): string {
  return `cut-over holding the fence (${holder}), no promotion gate (writes have no shadow samples)${reason ? `: ${reason}` : ""}`;
}
