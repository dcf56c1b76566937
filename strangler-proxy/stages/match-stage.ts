import type { IncomingMessage } from "node:http";
import type { Logger } from "../../platform";
import { ProxyErrorCode } from "../errors";
import { lookupRoute, normaliseTarget, type CompiledRoute, type NormalisedTarget, type RequestView, type RouteTable } from "../routing";
import { requestView, type PipelineStage } from "./proxy-context";
import { refuse, type Refusal } from "./refusal";

export interface MatchStageDeps {
  table: RouteTable;
  maxPathBytes: number;
  /** `strictPaths`: refuse targets servers read differently. */
  strictPaths: boolean;
  logger: Logger;
}

/** A request matched (its route: none = the default upstream), or refused. */
export type MatchOutcome = { ok: true; target: NormalisedTarget; view: RequestView; route?: CompiledRoute } | { ok: false; refusal: Refusal };

const refused = (status: number, code: string, message: string): MatchOutcome => ({ ok: false, refusal: { status, code, message } });

/**
 * Checks the request's Host fields (RFC 9112 §3.2: exactly one, and one is required from HTTP/1.1),
 * normalises a copy of its target and finds the route; shared by requests and upgrades. The target
 * itself is left as it came: the upstream gets it byte for byte.
 */
export function matchRequest(deps: MatchStageDeps, req: IncomingMessage): MatchOutcome {
  let hosts = 0;
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) if (raw[i].length === 4 && raw[i].toLowerCase() === "host") hosts += 1;
  if (hosts > 1) return refused(400, ProxyErrorCode.badRequest, "More than one Host header (RFC 9112 §3.2)");
  if (hosts === 0 && req.httpVersion === "1.1") return refused(400, ProxyErrorCode.badRequest, "An HTTP/1.1 request needs a Host header (RFC 9112 §3.2)");
  const target = normaliseTarget(req.url ?? "", { maxBytes: deps.maxPathBytes, strict: deps.strictPaths });
  if (!target.ok) {
    return refused(target.status, target.status === 414 ? ProxyErrorCode.pathTooLong : ProxyErrorCode.ambiguousPath, `Request target refused: ${target.reason}`);
  }
  if (target.form === "asterisk" && req.method !== "OPTIONS") return refused(400, ProxyErrorCode.ambiguousPath, "Request target refused: * is the target of OPTIONS only");
  const view = requestView(req, target);
  // OPTIONS * addresses the server, not a resource: the default upstream answers it.
  if (target.form === "asterisk") return { ok: true, target, view };
  const found = lookupRoute(deps.table, view);
  if (found.refusal) return refused(400, ProxyErrorCode.ambiguousPath, `Request target refused: ${found.refusal}`);
  return { ok: true, target, view, route: found.route };
}

/** match: check Host, normalise a copy of the target (400/414 for ambiguous or long ones), look the route up. */
export function matchStage(deps: MatchStageDeps): PipelineStage {
  return {
    name: "match",
    run(ctx) {
      const outcome = matchRequest(deps, ctx.req);
      if (!outcome.ok) return refuse(ctx, deps.logger, outcome.refusal);
      ctx.target = outcome.target;
      ctx.view = outcome.view;
      ctx.route = outcome.route;
    },
  };
}
