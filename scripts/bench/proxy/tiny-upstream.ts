/**
 * The upstream of the benchmark: a bare node http server answering a fixed small JSON body, run as
 * its own process. It stands in for the monolith so the numbers measure the proxy, not SQLite.
 * Usage: tsx tiny-upstream.ts ; prints `listening <port>`.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const body = JSON.stringify({ id: 1, name: "Espresso cup", priceCents: 1250, categoryId: 3, stock: 42 });
const server = createServer((_req, res) => {
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));
process.on("SIGTERM", () => process.exit(0));
