import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { requestIdFrom, type Logger } from "../../platform";
import type { Forwarder } from "../forward";
import { decideRequest, type DecideStageDeps } from "./decide-stage";
import { forwardedInfo } from "./forward-stage";
import { matchRequest, type MatchStageDeps } from "./match-stage";

/** Handles websocket upgrades on the proxy listener, and ends them when the proxy stops. */
export interface UpgradeHandler {
  handle(req: IncomingMessage, socket: Socket, head: Buffer): void;
  closeAll(): void;
}

/** Upgrades follow the same match and decide stages as requests; ambiguous paths get a bare 400/414. */
export function upgradeHandler(deps: MatchStageDeps & DecideStageDeps & { forwarder: Forwarder; logger: Logger }): UpgradeHandler {
  const open = new Set<Socket>();
  return {
    handle(req, socket, head) {
      socket.on("error", () => undefined);
      open.add(socket);
      socket.once("close", () => open.delete(socket));
      const id = requestIdFrom(req.headers["x-request-id"]);
      const { target, view, route } = matchRequest(deps, req);
      if (!target.ok) {
        socket.end(`HTTP/1.1 ${target.status} ${target.status === 414 ? "URI Too Long" : "Bad Request"}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
        return;
      }
      const decision = decideRequest(deps, route, view!);
      req.url = target.encodedPath + target.query;
      deps.logger.info("websocket upgrade", { path: target.path, route: decision.routeId, upstream: decision.upstream, requestId: id });
      deps.forwarder.upgrade(req, socket, head, decision.upstream, forwardedInfo(req, id));
    },
    closeAll() {
      for (const socket of open) socket.destroy();
    },
  };
}
