import type { Request } from "express";
import { ProxyError, ProxyErrorCode } from "../errors";
import type { FlagStore } from "../flags";
import type { CompiledRoute, RouteTable } from "../routing";

/** The route with that id, or 404 `PROXY_ERR_UNKNOWN_ROUTE` listing the valid ids. */
export function routeOr404(table: RouteTable, id: string): CompiledRoute {
  const route = table.byId.get(id);
  if (!route) throw new ProxyError(404, ProxyErrorCode.unknownRoute, `No route "${id}". Valid ids: ${[...table.byId.keys()].join(", ")}`);
  return route;
}

/** The routes of a group, or 404 `PROXY_ERR_UNKNOWN_GROUP` listing the groups. */
export function groupOr404(table: RouteTable, group: string): readonly CompiledRoute[] {
  const routes = table.groups.get(group);
  if (!routes) throw new ProxyError(404, ProxyErrorCode.unknownGroup, `No group "${group}". Valid groups: ${[...table.groups.keys()].join(", ") || "(none)"}`);
  return routes;
}

/** The flag store this instance hosts, or 409 `PROXY_ERR_FLAGS_MANAGED_ELSEWHERE` naming where flags are managed. */
export function storeOr409(store: FlagStore | undefined, flagsUrl: string | undefined): FlagStore {
  if (store) return store;
  throw new ProxyError(
    409,
    ProxyErrorCode.flagsManagedElsewhere,
    `This instance reads flags from ${flagsUrl}; change stages through the admin API of the instance hosting the flag store (or in your Unleash).`,
  );
}

/** Who asked, for the audit: the body's actor, else the x-actor header, else "admin". */
export function requester(req: Request, actor?: string): { actor: string; sourceAddress?: string; requestId?: string } {
  return {
    actor: actor ?? (typeof req.headers["x-actor"] === "string" ? req.headers["x-actor"] : "admin"),
    sourceAddress: req.socket.remoteAddress,
    requestId: typeof req.headers["x-request-id"] === "string" ? req.headers["x-request-id"] : undefined,
  };
}
