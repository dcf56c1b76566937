import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A front that forwards each request to a target only after `settle()` resolved. */
export interface SettledFront {
  url: string;
  close(): Promise<void>;
}

/**
 * An HTTP front (127.0.0.1, free port) that, before forwarding each request to `targetUrl`, waits
 * for `settle()` — e.g. until a service's sync has applied everything its source logged so far. A
 * test suite sent through it sees a service that is never behind: what a shadow comparison then
 * measures is the contract, not the sync lag (which the staleness bound and the gates cover).
 */
export async function startSettledFront(targetUrl: string, settle: () => Promise<void>): Promise<SettledFront> {
  const target = new URL(targetUrl);
  const server: Server = createServer((req, res) => {
    const body: Buffer[] = [];
    req.on("data", (chunk: Buffer) => body.push(chunk));
    req.on("end", () => {
      settle()
        .then(() => {
          const out = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent: false }, (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
            answer.pipe(res);
          });
          out.on("error", (err) => res.destroy(err));
          out.end(Buffer.concat(body));
        })
        .catch((err: unknown) => {
          res.writeHead(504, { "content-type": "text/plain" });
          res.end(`the front could not settle: ${String(err)}`);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
