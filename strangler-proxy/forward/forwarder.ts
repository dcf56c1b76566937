import { Agent, type IncomingMessage, type ServerResponse } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import type { Socket } from "node:net";
import { createProxyMiddleware, proxyEventsPlugin, type RequestHandler } from "http-proxy-middleware";
import type { Logger } from "../../platform";
import { cleanRequestHeaders, cleanResponseHeaders, type ForwardedInfo } from "./header-hygiene";
import { answerFailure, markTimedOut, upstreamFailure } from "./upstream-errors";

/** An upstream as the forwarder needs it. */
export interface ForwardTarget {
  name: string;
  url: string;
  timeoutMs: number;
}

/** Sends requests (bodies streamed both ways) and websocket upgrades to a named upstream. */
export interface Forwarder {
  web(req: IncomingMessage, res: ServerResponse, upstream: string, info: ForwardedInfo): void;
  upgrade(req: IncomingMessage, socket: Socket, head: Buffer, upstream: string, info: ForwardedInfo): void;
  /** Closes idle upstream connections. */
  close(): void;
}

interface UpstreamProxy {
  handler: RequestHandler<IncomingMessage, ServerResponse>;
  agent: Agent;
}

/**
 * One http-proxy-middleware instance per upstream, each with its own keep-alive agent. The proxy
 * decides the upstream itself (route table + flags) and hands the request to that instance;
 * upstream refusals and timeouts are answered 502/504 as JSON, never left hanging.
 */
export function createForwarder(targets: readonly ForwardTarget[], logger: Logger): Forwarder {
  const forwarded = new WeakMap<IncomingMessage, ForwardedInfo>();
  const proxies = new Map<string, UpstreamProxy>();

  for (const target of targets) {
    const secure = target.url.startsWith("https:");
    const agent = secure ? new HttpsAgent({ keepAlive: true, maxSockets: 512 }) : new Agent({ keepAlive: true, maxSockets: 512 });
    const handler = createProxyMiddleware<IncomingMessage, ServerResponse>({
      target: target.url,
      changeOrigin: true,
      agent,
      proxyTimeout: target.timeoutMs,
      // The client socket's own timeout comes later than the upstream's, so the 504 is answered first.
      timeout: target.timeoutMs + 1000,
      ejectPlugins: true,
      plugins: [proxyEventsPlugin],
      on: {
        proxyReq: (proxyReq, req) => {
          const info = forwarded.get(req);
          if (info) cleanRequestHeaders(proxyReq, req.headers, info);
          proxyReq.once("timeout", () => markTimedOut(req));
        },
        proxyReqWs: (proxyReq, req) => {
          const info = forwarded.get(req);
          if (info) cleanRequestHeaders(proxyReq, req.headers, info, true);
        },
        proxyRes: (proxyRes) => cleanResponseHeaders(proxyRes),
        error: (err, req, target) => {
          const failure = upstreamFailure(req, targetName, err as NodeJS.ErrnoException);
          const requestId = forwarded.get(req)?.requestId ?? "";
          logger.warn("upstream failed", { upstream: targetName, code: failure.code, cause: (err as NodeJS.ErrnoException).code ?? err.message, requestId });
          answerFailure(target as ServerResponse | Socket, failure, requestId);
        },
      },
    });
    const targetName = target.name;
    proxies.set(target.name, { handler, agent: agent as Agent });
  }

  const proxyFor = (name: string): UpstreamProxy => {
    const proxy = proxies.get(name);
    if (!proxy) throw new Error(`unknown upstream ${name}`);
    return proxy;
  };

  return {
    web(req, res, upstream, info) {
      forwarded.set(req, info);
      void proxyFor(upstream).handler(req, res, (err?: unknown) => {
        if (err) answerFailure(res, upstreamFailure(req, upstream, err as NodeJS.ErrnoException), info.requestId);
      });
    },
    upgrade(req, socket, head, upstream, info) {
      forwarded.set(req, info);
      proxyFor(upstream).handler.upgrade(req, socket, head);
    },
    close() {
      for (const { agent } of proxies.values()) agent.destroy();
    },
  };
}
