import { Router, type Request, type Response } from "express";
import type { Logger } from "../../platform";
import { ProxyError, ProxyErrorCode } from "../errors";
import { routeFlagName, type FlagSource, type FlagStore, type StageChange } from "../flags";
import type { CompiledRoute, RouteTable } from "../routing";
import type { ProxyMetrics } from "./metrics";
import { routeState } from "./route-state";
import type { Breakers } from "../breaker";
import type { PromotionGates } from "../gates";
import { passGate } from "./stage-gate";
import { parseStageRequest, type StageRequest } from "./stage-request";

export interface RoutesApiOptions {
  table: RouteTable;
  flags: FlagSource;
  /** Present when this instance hosts the flag store; writes go there. */
  store?: FlagStore;
  /** Where flags are managed when this instance does not host the store (for the 409 answer). */
  flagsUrl?: string;
  metrics: ProxyMetrics;
  logger: Logger;
  /** Promotion gates checked by stage changes (absent: no gate). */
  gates?: PromotionGates;
  /** Circuit breakers, shown per route (its service's). */
  breakers?: Breakers;
}

/** `GET /routes`, `PUT /routes/:id/stage`, `POST /routes/:id/rollback`, `PUT /groups/:group/stage`, `PUT|DELETE /groups/:group/fence`, `GET /audit`. */
export function routesApi(options: RoutesApiOptions): Router {
  const { table, flags, metrics } = options;
  const router = Router();

  const view = (route: CompiledRoute) => {
    const current = routeState(route.id, flags, options.store);
    return {
      id: route.id,
      group: route.group ?? null,
      methods: route.config.methods ?? null,
      paths: route.config.paths,
      upstream: route.upstream,
      stage: current.stage,
      percent: current.percent,
      flag: routeFlagName(route.id),
      requests: metrics.countsFor(route.id),
      breaker: options.breakers?.of(route.upstream)?.state() ?? null,
      fenced: current.fenced,
    };
  };

  const routeOr404 = (id: string): CompiledRoute => {
    const route = table.byId.get(id);
    if (!route) throw new ProxyError(404, ProxyErrorCode.unknownRoute, `No route "${id}". Valid ids: ${[...table.byId.keys()].join(", ")}`);
    return route;
  };

  const storeOr409 = (): FlagStore => {
    if (options.store) return options.store;
    throw new ProxyError(
      409,
      ProxyErrorCode.flagsManagedElsewhere,
      `This instance reads flags from ${options.flagsUrl}; change stages through the admin API of the instance hosting the flag store (or in your Unleash).`,
    );
  };

  // Who asked, for the audit: the body's actor, else the x-actor header, else "admin".
  const requester = (req: Request, actor?: string) => ({
    actor: actor ?? (typeof req.headers["x-actor"] === "string" ? req.headers["x-actor"] : "admin"),
    sourceAddress: req.socket.remoteAddress,
    requestId: typeof req.headers["x-request-id"] === "string" ? req.headers["x-request-id"] : undefined,
  });

  const change = (req: Request, routeId: string, body: StageRequest): StageChange => ({
    routeId,
    stage: body.stage,
    percent: body.percent,
    reason: body.reason,
    ...requester(req, body.actor),
  });

  router.get("/routes", (_req, res) => {
    res.json({ defaultUpstream: table.defaultUpstream, flagsReady: flags.isReady(), routes: table.routes.map(view) });
  });

  router.get("/routes/:id", (req, res) => {
    res.json(view(routeOr404(req.params.id)));
  });

  router.put("/routes/:id/stage", async (req, res) => {
    const route = routeOr404(req.params.id);
    const body = parseStageRequest(req.body);
    const store = storeOr409();
    const reason = await passGate(options.gates, route, store.stageOf(route.id), body);
    const applied = await store.setStage(change(req, route.id, { ...body, reason }));
    res.json(applied);
  });

  router.post("/routes/:id/rollback", async (req, res) => {
    const route = routeOr404(req.params.id);
    const reason = typeof req.body?.reason === "string" ? req.body.reason : "rollback";
    const applied = await storeOr409().setStage(change(req, route.id, { stage: "monolith", reason }));
    res.json(applied);
  });

  const groupOr404 = (group: string): readonly CompiledRoute[] => {
    const routes = table.groups.get(group);
    if (!routes) throw new ProxyError(404, ProxyErrorCode.unknownGroup, `No group "${group}". Valid groups: ${[...table.groups.keys()].join(", ") || "(none)"}`);
    return routes;
  };

  // The switch window of a cut-over: every instance answers the group's routes with 503 + Retry-After.
  const fence = (fenced: boolean) => async (req: Request, res: Response) => {
    const routes = groupOr404(String(req.params.group));
    const reason = typeof req.body?.reason === "string" ? req.body.reason.slice(0, 1000) : undefined;
    await storeOr409().setFence({ routeIds: routes.map((route) => route.id), fenced, reason, ...requester(req) });
    res.json({ group: req.params.group, fenced, routes: routes.map((route) => route.id) });
  };
  router.put("/groups/:group/fence", fence(true));
  router.delete("/groups/:group/fence", fence(false));

  router.put("/groups/:group/stage", async (req, res) => {
    const routes = groupOr404(req.params.group);
    const body = parseStageRequest(req.body);
    const store = storeOr409();
    const reasons: Array<string | undefined> = [];
    for (const route of routes) reasons.push(await passGate(options.gates, route, store.stageOf(route.id), body));
    const applied = await store.setStages(routes.map((route, i) => change(req, route.id, { ...body, reason: reasons[i] })));
    res.json({ group: req.params.group, changes: applied });
  });

  router.get("/audit", async (req, res) => {
    const routeId = typeof req.query.route === "string" ? req.query.route : undefined;
    const limit = Math.min(Math.max(Number(req.query.limit) || 100, 1), 1000);
    res.json({ entries: await storeOr409().audit({ routeId, limit }) });
  });

  return router;
}
