import { Router } from "express";
import type { FlagStore, RouteFlags } from "../flags";
import { isWriteGroup, type RouteTable } from "../routing";
import type { PromotionGates } from "../gates";
import { groupOr404, storeOr409 } from "./admin-lookups";
import { fenceView } from "./fence-view";
import { routeState } from "./route-state";
import { stageChange } from "./routes-api";
import { passGate } from "./stage-gate";
import { parseStageRequest } from "./stage-request";
import { cutoverStageReason, missingFenceHolder, requireFenceHolder, requireWriteStage } from "./write-group-rule";

export interface GroupsApiOptions {
  table: RouteTable;
  routeFlags: RouteFlags;
  store?: FlagStore;
  flagsUrl?: string;
  gates?: PromotionGates;
}

/**
 * `GET /groups` and `PUT /groups/:group/stage`. A write group's stage changes only for the holder of
 * its live fence lease (`fenceHolder`: the cut-over), to monolith or service, without a promotion gate.
 */
export function groupsApi(options: GroupsApiOptions): Router {
  const { table, routeFlags } = options;
  const router = Router();

  router.get("/groups", (_req, res) => {
    const groups = [...table.groups].map(([group, routes]) => {
      const states = routes.map((route) => routeState(route.id, routeFlags, options.store));
      const stages = new Set(states.map((state) => state.stage));
      return {
        group,
        writes: isWriteGroup(table, group),
        routes: routes.map((route) => route.id),
        stage: stages.size === 1 ? [...stages][0] : "mixed",
        fenced: states.some((state) => state.fenced),
        fence: fenceView(options.store?.leaseOf(group)),
      };
    });
    res.json({ groups });
  });

  router.put("/groups/:group/stage", async (req, res) => {
    const group = req.params.group;
    const routes = groupOr404(table, group);
    const body = parseStageRequest(req.body);
    if (isWriteGroup(table, group)) {
      const fenceHolder = body.fenceHolder ?? missingFenceHolder(group);
      requireWriteStage(group, body.stage);
      const store = storeOr409(options.store, options.flagsUrl);
      const reason = cutoverStageReason(fenceHolder, body.reason);
      // Checked again inside the store's write queue, so a lease lifted or taken meanwhile still refuses.
      const applied = await store.setStages(
        routes.map((route) => stageChange(req, route.id, { ...body, reason })),
        () => requireFenceHolder(group, fenceHolder, store.leaseOf(group)),
      );
      res.json({ group, changes: applied });
      return;
    }
    const store = storeOr409(options.store, options.flagsUrl);
    const reasons: Array<string | undefined> = [];
    for (const route of routes) reasons.push(await passGate(options.gates, route, store.stageOf(route.id), body));
    const applied = await store.setStages(routes.map((route, i) => stageChange(req, route.id, { ...body, reason: reasons[i] })));
    res.json({ group, changes: applied });
  });

  return router;
}
