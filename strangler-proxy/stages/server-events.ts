import type { IncomingMessage, RequestListener, Server } from "node:http";
import type { Duplex } from "node:stream";
import { requestIdFrom, type Logger } from "../../platform";
import { REJECTED_ROUTE_LABEL, type ProxyMetrics } from "../metrics";
import { ProxyErrorCode } from "../errors";
import { answerSocket } from "../forward";
import { logRefusal, type Refusal } from "./refusal";

/** What the proxy listener needs besides its request handler. */
export interface ProxyServerHandlers {
  request: RequestListener;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  logger: Logger;
  metrics: ProxyMetrics;
}

/**
 * Makes a node:http server a transparent proxy listener:
 * - `Expect: 100-continue` is not answered by node (its default): the request is forwarded and the
 *   upstream's own 100 (or final answer) is relayed; other expectations go to the upstream too;
 * - a client that half-closes after its request (shutdown of its sending side) still gets its answer;
 * - a missing Host is refused by the pipeline with the JSON envelope instead of node's bare 400;
 * - what node's parser refuses (malformed request, headers over its limit, unknown method, timeout)
 *   is answered with the JSON envelope and logged at warn with its code; CONNECT gets 501;
 * - upgrades (websocket, h2c, …) go to `upgrade`.
 */
export function attachProxyServer(server: Server, handlers: ProxyServerHandlers): void {
  const internals = server as Server & { requireHostHeader?: boolean; httpAllowHalfOpen?: boolean };
  internals.requireHostHeader = false;
  internals.httpAllowHalfOpen = true;
  server.on("checkContinue", handlers.request);
  server.on("checkExpectation", handlers.request);
  server.on("upgrade", handlers.upgrade);
  server.on("connect", (req: IncomingMessage, socket: Duplex) => {
    socket.on("error", () => undefined);
    const refusal: Refusal = { status: 501, code: ProxyErrorCode.unsupported, message: "CONNECT (a tunnel) is not forwarded by this proxy" };
    const id = requestIdFrom(req.headers["x-request-id"]);
    logRefusal(handlers.logger, refusal, req, id);
    handlers.metrics.record(REJECTED_ROUTE_LABEL, "none", null, refusal.status, 0);
    answerSocket(socket, refusal.status, refusal.code, refusal.message, id);
  });
  server.on("clientError", (err: NodeJS.ErrnoException & { reason?: string }, socket: Duplex) => {
    const inProgress = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
    if (err.code === "ECONNRESET" || err.code === "EPIPE" || !socket.writable || inProgress) {
      socket.destroy();
      return;
    }
    const refusal = parserRefusal(err);
    logRefusal(handlers.logger, refusal, undefined, undefined, { parserError: err.code });
    handlers.metrics.record(REJECTED_ROUTE_LABEL, "none", null, refusal.status, 0);
    answerSocket(socket, refusal.status, refusal.code, refusal.message);
  });
}

/** node's parser error → the proxy's answer. */
export function parserRefusal(err: NodeJS.ErrnoException & { reason?: string }): Refusal {
  const detail = err.reason ?? err.message.replace(/^Parse Error: /, "");
  switch (err.code) {
    case "HPE_HEADER_OVERFLOW":
      return { status: 431, code: ProxyErrorCode.headersTooLarge, message: "Request header fields too large (the request line and headers exceed the listener's limit, 16 KB by default)" };
    case "ERR_HTTP_REQUEST_TIMEOUT":
    case "ERR_HTTP_HEADERS_TIMEOUT":
      return { status: 408, code: ProxyErrorCode.requestTimeout, message: "The request did not arrive in time" };
    case "HPE_INVALID_METHOD":
      return { status: 501, code: ProxyErrorCode.unsupported, message: `Request refused: ${detail} (a method node's HTTP parser does not know)` };
    default:
      return { status: 400, code: ProxyErrorCode.badRequest, message: `Malformed request: ${detail}` };
  }
}
