import { Router, type Request, type Response } from "express";
import { ProxyErrorCode } from "../../errors";
import type { FeaturesSnapshot, FlagStore } from "./flag-store";

export interface ClientApiOptions {
  store: FlagStore;
  /** Accepts a request whose `Authorization` (raw token or `Bearer <token>`) is allowed. */
  authorize(req: Request): boolean;
  /** Interval of SSE comment lines that keep idle streams (and proxies between) open. */
  keepAliveMs?: number;
}

/** The Unleash client API subset unleash-client needs, served from the embedded store. */
export interface ClientApi {
  router: Router;
  /** Ends every open stream (at shutdown). */
  close(): void;
}

/**
 * `GET /api/client/features` (full document, ETag, 304 on If-None-Match, `fetch-mode: streaming`) and
 * `GET /api/client/streaming` (SSE: `unleash-connected` with every flag, then `unleash-updated` after each change),
 * the way unleash-client 6 reads them with `experimentalMode: { type: "streaming" }`.
 */
export function clientApi(options: ClientApiOptions): ClientApi {
  const { store, authorize } = options;
  const streams = new Set<Response>();
  let closed = false;
  const router = Router();

  router.use("/api/client", (req, res, next) => {
    if (authorize(req)) return next();
    res.status(401).json({ error: { code: ProxyErrorCode.unauthorized, message: "A valid client token is required in Authorization" } });
  });

  router.get("/api/client/features", (req, res) => {
    const { body, etag } = store.snapshot();
    res.setHeader("ETag", etag);
    res.setHeader("Cache-Control", "no-cache");
    // Tells a polling unleash-client (mode auto) to switch to the SSE stream below.
    res.setHeader("fetch-mode", "streaming");
    if (req.headers["if-none-match"] === etag) {
      res.status(304).end();
      return;
    }
    res.type("application/json").send(body);
  });

  router.get("/api/client/streaming", (req, res) => {
    if (closed) {
      res.status(503).end();
      return;
    }
    res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache", Connection: "keep-alive", "X-Accel-Buffering": "no" });
    res.flushHeaders();
    res.write(event("unleash-connected", store.snapshot()));
    streams.add(res);
    req.on("close", () => streams.delete(res));
  });

  store.onChange((snapshot) => {
    const message = event("unleash-updated", snapshot);
    for (const stream of streams) stream.write(message);
  });

  const keepAlive = setInterval(() => {
    for (const stream of streams) stream.write(": keep-alive\n\n");
  }, options.keepAliveMs ?? 20_000);
  keepAlive.unref();

  return {
    router,
    close() {
      closed = true;
      clearInterval(keepAlive);
      for (const stream of streams) stream.end();
      streams.clear();
    },
  };
}

function event(name: string, snapshot: FeaturesSnapshot): string {
  return `event: ${name}\nid: ${snapshot.etag.replace(/"/g, "")}\ndata: ${snapshot.body}\n\n`;
}
