import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { requestIdFrom, type Logger } from "../../platform";
import { DEFAULT_ROUTE_LABEL, REJECTED_ROUTE_LABEL, type ProxyMetrics } from "../metrics";
import type { Forwarder } from "../forward";
import { decideRequest, type DecideStageDeps } from "./decide-stage";
import { fenceRefusal } from "./fence-stage";
import { forwardedInfo } from "./forward-stage";
import { matchRequest, type MatchStageDeps } from "./match-stage";
import { refuseSocket } from "./refusal";

/** Handles upgrades (websocket, h2c, any `Upgrade` token) on the proxy listener, and ends them when the proxy stops. */
export interface UpgradeHandler {
  handle(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  closeAll(): void;
}

/**
 * Upgrades follow the same match, fence and decide stages as requests; a refusal is the JSON
 * envelope on the socket (logged at warn, counted as rejected). The forwarder then passes the
 * upgrade on whatever its protocol: a 101 joins the connections, any other answer is relayed.
 */
export function upgradeHandler(deps: MatchStageDeps & DecideStageDeps & { forwarder: Forwarder; logger: Logger; metrics?: ProxyMetrics }): UpgradeHandler {
  const open = new Set<Duplex>();
  return {
    handle(req, socket, head) {
      socket.on("error", () => undefined);
      open.add(socket);
      socket.once("close", () => open.delete(socket));
      const id = requestIdFrom(req.headers["x-request-id"]);
      const outcome = matchRequest(deps, req);
      if (!outcome.ok) {
        deps.metrics?.countUpgrade(REJECTED_ROUTE_LABEL, "none", "rejected");
        refuseSocket(socket, deps.logger, outcome.refusal, req, id);
        return;
      }
      const fenced = fenceRefusal(deps.routeFlags, outcome.route, id);
      if (fenced) {
        deps.metrics?.countUpgrade(outcome.route!.id, "none", "rejected");
        refuseSocket(socket, deps.logger, fenced, req, id);
        return;
      }
      const decision = decideRequest(deps, outcome.route, outcome.view);
      deps.logger.info("upgrade", { protocol: req.headers.upgrade, path: outcome.target.path, route: decision.routeId, upstream: decision.upstream, requestId: id });
      deps.metrics?.countUpgrade(decision.routeId ?? DEFAULT_ROUTE_LABEL, decision.side, "forwarded");
      deps.forwarder.upgrade(req, socket, head, decision.upstream, forwardedInfo(req, id, outcome.target));
    },
    closeAll() {
      for (const socket of open) socket.destroy();
    },
  };
}
