import type { IncomingMessage } from "node:http";
import { ProxyErrorCode } from "../errors";
import { matchRoute, normaliseTarget, type CompiledRoute, type NormaliseResult, type RequestView, type RouteTable } from "../routing";
import { requestView, type PipelineStage } from "./proxy-context";

export interface MatchStageDeps {
  table: RouteTable;
  maxPathBytes: number;
}

/** Normalises the target and finds the route; shared by HTTP requests and websocket upgrades. */
export function matchRequest(deps: MatchStageDeps, req: IncomingMessage): { target: NormaliseResult; view?: RequestView; route?: CompiledRoute } {
  const target = normaliseTarget(req.url ?? "", deps.maxPathBytes);
  if (!target.ok) return { target };
  const view = requestView(req, target);
  return { target, view, route: matchRoute(deps.table, view) };
}

/** match: normalise the path (400/414 for ambiguous or long targets) and look the route up. */
export function matchStage(deps: MatchStageDeps): PipelineStage {
  return {
    name: "match",
    run(ctx) {
      const { target, view, route } = matchRequest(deps, ctx.req);
      if (!target.ok) {
        const code = target.status === 414 ? ProxyErrorCode.pathTooLong : ProxyErrorCode.ambiguousPath;
        const body = JSON.stringify({ error: { code, message: `Request target refused: ${target.reason}` } });
        ctx.res.writeHead(target.status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
        ctx.res.end(body);
        ctx.answered = true;
        return;
      }
      ctx.target = target;
      ctx.view = view;
      ctx.route = route;
    },
  };
}
