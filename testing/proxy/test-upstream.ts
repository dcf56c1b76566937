import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { httpOnFreePort, type RunningHttp } from "../http-on-free-port";

/** What the test upstream answers: who it is and exactly what it received. */
export interface EchoedRequest {
  upstream: string;
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A running test upstream. */
export interface TestUpstream extends RunningHttp {
  /** Ends every `GET /hold` response, which until then has sent only its first chunk. */
  releaseHeld(): void;
}

/**
 * A small upstream for proxy tests: answers every request with JSON describing what it received
 * (`GET /sleep/<ms>` waits first; `GET /hold` sends `first` and waits for `releaseHeld()`),
 * and echoes bytes back after a websocket-style upgrade.
 */
export async function startTestUpstream(name: string): Promise<TestUpstream> {
  const held = new Set<ServerResponse>();
  const running = await httpOnFreePort((req: IncomingMessage, res: ServerResponse) => {
    if (req.url === "/hold") {
      res.writeHead(200, { "content-type": "text/plain", "x-upstream": name });
      res.write("first\n");
      held.add(res);
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const echoed: EchoedRequest = { upstream: name, method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      const sleep = /^\/sleep\/(\d+)/.exec(req.url ?? "");
      const answer = () => {
        if (res.destroyed) return;
        res.writeHead(200, { "content-type": "application/json", "x-upstream": name, "keep-alive": "timeout=5", "proxy-authenticate": "Basic" });
        res.end(JSON.stringify(echoed));
      };
      if (sleep) setTimeout(answer, Number(sleep[1])).unref();
      else answer();
    });
  });
  running.server.on("upgrade", (req: IncomingMessage, socket) => {
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: upgrade\r\nx-upstream: ${name}\r\nx-seen-path: ${req.url}\r\n\r\n`);
    socket.on("data", (data: Buffer) => socket.write(data));
    socket.on("error", () => undefined);
    socket.on("end", () => socket.end());
  });
  const upgraded = new Set<Duplex>();
  running.server.on("upgrade", (_req: IncomingMessage, socket: Duplex) => {
    upgraded.add(socket);
    socket.on("close", () => upgraded.delete(socket));
  });
  return {
    ...running,
    close: async () => {
      for (const socket of upgraded) socket.destroy();
      await running.close();
    },
    releaseHeld() {
      for (const res of held) res.end("last\n");
      held.clear();
    },
  };
}
