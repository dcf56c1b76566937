import { Router, type Request } from "express";
import type { Logger } from "../../platform";
import type { FlagSource, FlagStore, RouteFlags, StageChange } from "../flags";
import type { CompiledRoute, RouteTable } from "../routing";
import { requester, routeOr404, storeOr409 } from "./admin-lookups";
import { fenceView } from "./fence-view";
import type { ProxyMetrics } from "../metrics";
import { routeState } from "./route-state";
import type { Breakers } from "../breaker";
import type { PromotionGates } from "../gates";
import { passGate } from "./stage-gate";
import { parseStageRequest, type StageRequest } from "./stage-request";
import { writeRouteRefused } from "./write-group-rule";

export interface RoutesApiOptions {
  table: RouteTable;
  /** Only asked whether flags are loaded (`flagsReady`). */
  flags: FlagSource;
  routeFlags: RouteFlags;
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

/** A stage change as the store records it, with who asked. */
export function stageChange(req: Request, routeId: string, body: StageRequest): StageChange {
  return { routeId, stage: body.stage, percent: body.percent, reason: body.reason, ...requester(req, body.actor) };
}

/**
 * `GET /routes`, `GET /routes/:id`, `PUT /routes/:id/stage`, `POST /routes/:id/rollback`, `GET /audit`.
 * A write route (`writes: true`) is never moved here: its group moves only with the cut-over (409).
 */
export function routesApi(options: RoutesApiOptions): Router {
  const { table, flags, routeFlags, metrics } = options;
  const router = Router();
  const store = () => storeOr409(options.store, options.flagsUrl);

  const view = (route: CompiledRoute) => {
    const current = routeState(route.id, routeFlags, options.store);
    return {
      id: route.id,
      group: route.group ?? null,
      writes: route.writes,
      methods: route.config.methods ?? null,
      paths: route.config.paths,
      upstream: route.upstream,
      stage: current.stage,
      percent: current.percent,
      flag: routeFlags.names(route.id).primary,
      requests: metrics.countsFor(route.id),
      breaker: options.breakers?.of(route.upstream)?.state() ?? null,
      fenced: current.fenced,
      readYourWrites: route.config.readYourWrites,
      // The lease is known only where the store is; a reading instance knows just the flag (`fenced`).
      fence: current.fenced ? fenceView(options.store?.leaseOfRoute(route.id)) : null,
    };
  };

  router.get("/routes", (_req, res) => {
    res.json({ defaultUpstream: table.defaultUpstream, flagsReady: flags.isReady(), routes: table.routes.map(view) });
  });

  router.get("/routes/:id", (req, res) => {
    res.json(view(routeOr404(table, req.params.id)));
  });

  router.put("/routes/:id/stage", async (req, res) => {
    const route = routeOr404(table, req.params.id);
    if (route.writes) throw writeRouteRefused(route);
    const body = parseStageRequest(req.body);
    const flagStore = store();
    const reason = await passGate(options.gates, route, flagStore.stageOf(route.id), body);
    const applied = await flagStore.setStage(stageChange(req, route.id, { ...body, reason }));
    res.json(applied);
  });

  router.post("/routes/:id/rollback", async (req, res) => {
    const route = routeOr404(table, req.params.id);
    if (route.writes) throw writeRouteRefused(route);
    const reason = typeof req.body?.reason === "string" ? req.body.reason : "rollback";
    const applied = await store().setStage(stageChange(req, route.id, { stage: "monolith", reason }));
    res.json(applied);
  });

  router.get("/audit", async (req, res) => {
    const routeId = typeof req.query.route === "string" ? req.query.route : undefined;
    const limit = Math.min(Math.max(Number(req.query.limit) || 100, 1), 1000);
    res.json({ entries: await store().audit({ routeId, limit }) });
  });

  return router;
}
