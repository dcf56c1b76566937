import { Router } from "express";
import { ProxyError, ProxyErrorCode } from "../errors";
import { describeHold, type FenceLease, type FlagStore } from "../flags";
import type { RouteTable } from "../routing";
import { groupOr404, requester, storeOr409 } from "./admin-lookups";
import { parseFenceBody, parseLiftBody } from "./fence-request";

export interface FenceApiOptions {
  table: RouteTable;
  store?: FlagStore;
  flagsUrl?: string;
}

function fenceHeld(group: string, lease: FenceLease, asked: string): ProxyError {
  return new ProxyError(
    409,
    ProxyErrorCode.fenceHeld,
    `The fence of group ${group} is ${describeHold(lease, Date.now())}; ${asked}. Nothing changed. ` +
      `Wait until its holder lifts it or the lease expires, or lift it by hand (DELETE /groups/${group}/fence without "holder") if its holder is gone.`,
  );
}

/**
 * `PUT /groups/:group/fence` and `DELETE /groups/:group/fence`: the switch window of a cut-over as a
 * lease. While fenced, every instance answers the group's routes 503 + Retry-After; the holder renews
 * the lease with the same call, and the flag store host lifts a fence nobody renewed in time.
 */
export function fenceApi(options: FenceApiOptions): Router {
  const { table } = options;
  const router = Router();

  router.put("/groups/:group/fence", async (req, res) => {
    const group = req.params.group;
    const routes = groupOr404(table, group);
    const body = parseFenceBody(req.body);
    const store = storeOr409(options.store, options.flagsUrl);
    const who = requester(req, body.actor);
    const holder = body.holder ?? `admin:${who.actor}`;
    const outcome = await store.fenceGroup({ group, routeIds: routes.map((route) => route.id), holder, leaseMs: body.leaseMs, reason: body.reason, ...who });
    if (!outcome.fenced) throw fenceHeld(group, outcome.heldBy, `${holder} cannot fence it`);
    const { lease } = outcome;
    res.json({
      group,
      fenced: true,
      routes: routes.map((route) => route.id),
      lease: { holder: lease.holder, reason: lease.reason, fencedAt: lease.fencedAt, expiresAt: lease.expiresAt },
    });
  });

  router.delete("/groups/:group/fence", async (req, res) => {
    const group = req.params.group;
    const routes = groupOr404(table, group);
    const body = parseLiftBody(req.body);
    const store = storeOr409(options.store, options.flagsUrl);
    const outcome = await store.liftFence({ group, routeIds: routes.map((route) => route.id), holder: body.holder, reason: body.reason, ...requester(req, body.actor) });
    if (!outcome.lifted && outcome.heldBy) throw fenceHeld(group, outcome.heldBy, `${body.holder} cannot lift it`);
    res.json({ group, fenced: false, routes: routes.map((route) => route.id), lifted: outcome.lifted });
  });

  return router;
}
