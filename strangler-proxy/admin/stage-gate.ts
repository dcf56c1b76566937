import { ProxyError, ProxyErrorCode } from "../errors";
import type { RouteStage } from "../flags";
import type { GateVerdict, PromotionGates } from "../gates";
import type { CompiledRoute } from "../routing";
import type { StageRequest } from "./stage-request";

/**
 * Checks a requested stage change against the route's promotion gate (when `gates.enforce` is on). Refused: 409
 * `PROXY_ERR_GATE_REFUSED` with the failed checks, unless the body says `force: true`; a forced move
 * passes with a reason that records it (the audit row's reason starts with `forced past the gate`).
 * Returns the reason to store.
 */
export async function passGate(gates: PromotionGates | undefined, route: CompiledRoute, current: RouteStage, body: StageRequest): Promise<string | undefined> {
  if (!gates?.enforced) return body.reason;
  const to = { stage: body.stage, percent: body.stage === "service" ? 100 : body.stage === "canary" ? (body.percent ?? 0) : 0 };
  const verdict = await gates.check(route.id, route.upstream, current, to);
  if (verdict.allowed) return body.reason;
  if (!body.force) throw gateRefused(route.id, verdict);
  return `forced past the gate (${verdict.reasons.join("; ")})${body.reason ? `: ${body.reason}` : ""}`;
}

function gateRefused(routeId: string, verdict: GateVerdict): ProxyError {
  return new ProxyError(
    409,
    ProxyErrorCode.gateRefused,
    `Route "${routeId}" may not move from ${verdict.from.stage} to ${verdict.to.stage}: ${verdict.reasons.join("; ")}. ` +
      `Wait for more matching shadow traffic (GET /routes/${routeId}/shadow-report), or send "force": true to move anyway (audited).`,
    verdict.checks.filter((check) => check.applicable && !check.passed).map((check) => ({ field: check.name, message: check.detail })),
  );
}
