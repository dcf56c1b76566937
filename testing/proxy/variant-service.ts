import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { SyncStatus } from "../../contracts";

/** How the variant answers, changeable while it runs. */
export interface VariantBehaviour {
  /** Rewrites the JSON body the base answered (return it changed, or a new value). */
  transform?: (body: unknown, req: IncomingMessage) => unknown;
  /** Waits this long before answering. */
  delayMs?: number;
  /** Answers this instead of asking the base, when it returns an answer (the request body is read first). */
  respond?: (req: IncomingMessage) => { status: number; headers?: Record<string, string>; body?: string } | undefined;
  /** Served on `GET /internal/sync/status` when set. */
  syncStatus?: SyncStatus;
}

/** A running variant service. */
export interface VariantService {
  url: string;
  port: number;
  /** Requests received, newest last (method, url, headers). */
  received: Array<{ method: string; url: string; headers: IncomingMessage["headers"] }>;
  /** Replaces the behaviour. */
  behave(behaviour: VariantBehaviour): void;
  /** Stops listening and cuts every open connection (a crashed service). */
  kill(): Promise<void>;
  /** Listens again on the same port. */
  revive(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A deliberately different service for shadow and fallback tests: it answers every request the way
 * `baseUrl` (the real monolith) does, then applies its behaviour: change a field, add noise, sleep,
 * or be killed and revived on the same port.
 */
export async function startVariantService(baseUrl: string, initial: VariantBehaviour = {}): Promise<VariantService> {
  let behaviour = initial;
  const received: VariantService["received"] = [];
  const sockets = new Set<Socket>();
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    if (req.url === "/internal/sync/status" && behaviour.syncStatus) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(behaviour.syncStatus));
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const own = behaviour.respond?.(req);
      if (own) {
        res.writeHead(own.status, own.headers ?? {});
        res.end(own.body ?? "");
        return;
      }
      const headers = { ...req.headers };
      delete headers.host;
      const upstream = request(new URL(req.url ?? "/", baseUrl), { method: req.method, headers, agent: false }, (answer) => {
        const body: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => body.push(chunk));
        answer.on("end", () => {
          let payload = Buffer.concat(body);
          const outHeaders = { ...answer.headers };
          if (behaviour.transform && /json/.test(String(answer.headers["content-type"])) && payload.length > 0) {
            payload = Buffer.from(JSON.stringify(behaviour.transform(JSON.parse(payload.toString("utf8")), req)));
            outHeaders["content-length"] = String(payload.length);
          }
          const send = () => {
            if (res.destroyed) return;
            res.writeHead(answer.statusCode ?? 500, outHeaders);
            res.end(payload);
          };
          if (behaviour.delayMs) setTimeout(send, behaviour.delayMs).unref();
          else send();
        });
      });
      upstream.on("error", () => {
        res.writeHead(502);
        res.end();
      });
      upstream.end(Buffer.concat(chunks));
    });
  };
  let server = await listenOn(handler, 0, sockets);
  const port = (server.address() as AddressInfo).port;
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    behave: (next) => (behaviour = next),
    kill: stop,
    revive: async () => {
      server = await listenOn(handler, port, sockets);
    },
    close: () => (server.listening ? stop() : Promise.resolve()),
  };
}

function listenOn(handler: (req: IncomingMessage, res: ServerResponse) => void, port: number, sockets: Set<Socket>): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(handler);
    server.on("connection", (socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}
