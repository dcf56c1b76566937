import { Agent, type ClientRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import type { Socket } from "node:net";
import { createProxyMiddleware, proxyEventsPlugin, type RequestHandler } from "http-proxy-middleware";
import type { Logger } from "../../platform";
import { cleanRequestHeaders, cleanResponseHeaders, type ForwardedInfo } from "./header-hygiene";
import { replayRequest } from "./replay";
import { answerFailure, markTimedOut, upstreamFailure } from "./upstream-errors";

/** An upstream as the forwarder needs it. */
export interface ForwardTarget {
  name: string;
  url: string;
  timeoutMs: number;
}

/**
 * Observes one forwarded request: `onRequest` when the upstream request is created (its body is piped
 * into it in the same tick), `onResponse` when the upstream's answer arrives (piped to the client in
 * the same tick). A listener added there sees every chunk without delaying or re-buffering the stream.
 */
export interface ForwardTap {
  onRequest?(upstreamRequest: ClientRequest): void;
  onResponse?(upstreamResponse: IncomingMessage): void;
}

/** What the rest of the proxy learns from forwarding (breakers, fallback); never throws into the forwarder. */
export interface ForwardHooks {
  /** The upstream answered (status line and headers received). */
  response?(upstream: string, req: IncomingMessage, status: number, headers: IncomingMessage["headers"]): void;
  /**
   * The upstream's answer arrived (status line and headers); return true when the hook answers the
   * client itself instead (the answer is then discarded, not streamed to the client).
   */
  takeOver?(upstream: string, req: IncomingMessage, res: ServerResponse, upstreamResponse: IncomingMessage, info: ForwardedInfo): boolean;
  /** The upstream failed before or while answering; return true when the hook answered the client itself. */
  failure?(upstream: string, req: IncomingMessage, res: ServerResponse, err: NodeJS.ErrnoException, info: ForwardedInfo): boolean;
}

/** Sends requests (bodies streamed both ways) and websocket upgrades to a named upstream. */
export interface Forwarder {
  web(req: IncomingMessage, res: ServerResponse, upstream: string, info: ForwardedInfo): void;
  /**
   * Observes a request already handed to `web`. Safe right after `web` returns: the forwarder calls the
   * tap only from I/O callbacks, never in the tick `web` was called in.
   */
  tap(req: IncomingMessage, tap: ForwardTap): void;
  /** Sends `req` again, with `body`, to `upstream` (the fallback path; the original request stream is spent). */
  replay(req: IncomingMessage, res: ServerResponse, upstream: string, body: Buffer, info: ForwardedInfo): void;
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
export function createForwarder(targets: readonly ForwardTarget[], logger: Logger, hooks: ForwardHooks = {}): Forwarder {
  const forwarded = new WeakMap<IncomingMessage, ForwardedInfo>();
  const taps = new WeakMap<IncomingMessage, ForwardTap[]>();
  const answered = new WeakSet<IncomingMessage>();
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
          for (const tap of taps.get(req) ?? []) tap.onRequest?.(proxyReq);
        },
        proxyReqWs: (proxyReq, req) => {
          const info = forwarded.get(req);
          if (info) cleanRequestHeaders(proxyReq, req.headers, info, true);
        },
        proxyRes: (proxyRes, req, res) => {
          cleanResponseHeaders(proxyRes);
          answered.add(req);
          hooks.response?.(targetName, req, proxyRes.statusCode ?? 502, proxyRes.headers);
          const info = forwarded.get(req);
          if (info && hooks.takeOver?.(targetName, req, res as ServerResponse, proxyRes, info)) {
            // http-proxy pipes this answer to the client right after this event: make that pipe a no-op
            // and drain the answer; the hook answers the client (replay clears the headers copied meanwhile).
            proxyRes.pipe = (<T extends NodeJS.WritableStream>(destination: T) => destination) as typeof proxyRes.pipe;
            proxyRes.resume();
            return;
          }
          for (const tap of taps.get(req) ?? []) tap.onResponse?.(proxyRes);
        },
        error: (err, req, target) => {
          const info = forwarded.get(req);
          if (info && "setHeader" in target && !answered.has(req) && hooks.failure?.(targetName, req, target as ServerResponse, err as NodeJS.ErrnoException, info)) return;
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
    tap(req, tap) {
      const list = taps.get(req);
      if (list) list.push(tap);
      else taps.set(req, [tap]);
    },
    replay(req, res, upstream, body, info) {
      const target = targets.find((t) => t.name === upstream);
      if (!target) throw new Error(`unknown upstream ${upstream}`);
      replayRequest({ url: target.url, agent: proxyFor(upstream).agent, timeoutMs: target.timeoutMs, name: upstream }, req, res, body, info, logger);
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
