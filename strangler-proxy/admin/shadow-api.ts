import { Router } from "express";
import type { Breakers } from "../breaker";
import { ProxyError, ProxyErrorCode } from "../errors";
import type { FlagStore, RouteFlags } from "../flags";
import { routeState } from "./route-state";
import { nextStage, type PromotionGates } from "../gates";
import type { CompiledRoute, RouteTable } from "../routing";
import type { ShadowLedger } from "../shadow";

export interface ShadowApiOptions {
  table: RouteTable;
  routeFlags: RouteFlags;
  store?: FlagStore;
  ledger?: ShadowLedger;
  gates?: PromotionGates;
  breakers?: Breakers;
}

/** `GET /routes/:id/shadow-report`, `DELETE /routes/:id/shadow-report`, `GET /routes/:id/gate`, `GET /upstreams`. */
export function shadowApi(options: ShadowApiOptions): Router {
  const { table, routeFlags } = options;
  const router = Router();

  const routeOr404 = (id: string): CompiledRoute => {
    const route = table.byId.get(id);
    if (!route) throw new ProxyError(404, ProxyErrorCode.unknownRoute, `No route "${id}". Valid ids: ${[...table.byId.keys()].join(", ")}`);
    return route;
  };
  const stageOf = (route: CompiledRoute) => {
    const { stage, percent } = routeState(route.id, routeFlags, options.store);
    return { stage, percent };
  };

  router.get("/routes/:id/shadow-report", async (req, res) => {
    const route = routeOr404(req.params.id);
    if (!options.ledger) throw new ProxyError(404, ProxyErrorCode.notFound, "Shadow traffic is not enabled on this instance");
    const limit = Math.min(Math.max(Number(req.query.limit) || 20, 1), 200);
    res.json({ ...(await options.ledger.report(route.id, limit)), stage: stageOf(route) });
  });

  router.delete("/routes/:id/shadow-report", async (req, res) => {
    const route = routeOr404(req.params.id);
    await options.ledger?.reset(route.id);
    res.json({ routeId: route.id, reset: true });
  });

  router.get("/routes/:id/gate", async (req, res) => {
    const route = routeOr404(req.params.id);
    const current = stageOf(route);
    const next = nextStage(current.stage);
    if (!next || !options.gates) {
      res.json({ routeId: route.id, stage: current, next: null, allowed: false, reasons: [next ? "gates are not enabled" : "the route is already served by its service"], checks: [] });
      return;
    }
    const verdict = await options.gates.check(route.id, route.upstream, current, next);
    res.json({ routeId: route.id, stage: current, next, allowed: verdict.allowed, reasons: verdict.reasons, checks: verdict.checks });
  });

  router.get("/upstreams", (_req, res) => {
    res.json({ upstreams: options.breakers?.snapshots() ?? [] });
  });

  return router;
}
