/**
 * The floor for any Node proxy on this machine: node:http server piping to node:http client with a
 * keep-alive agent, no routing, no flags, no logging, no express. Run as its own process by the benchmark.
 * Usage: tsx bare-node-proxy.ts <upstreamPort> ; prints `listening <url>`.
 */
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

const upstreamPort = Number(process.argv[2]);
const agent = new Agent({ keepAlive: true, maxSockets: 512 });
const server = createServer((req, res) => {
  const outgoing = request({ host: "127.0.0.1", port: upstreamPort, method: req.method, path: req.url, headers: req.headers, agent }, (upstream) => {
    res.writeHead(upstream.statusCode ?? 502, upstream.headers);
    upstream.pipe(res);
  });
  outgoing.on("error", () => {
    res.writeHead(502);
    res.end();
  });
  req.pipe(outgoing);
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`listening http://127.0.0.1:${(server.address() as AddressInfo).port}\n`));
process.on("SIGTERM", () => process.exit(0));
