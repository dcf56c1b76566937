/**
 * `@fastify/http-proxy` (undici-based, through @fastify/reply-from) in front of the bench's upstream,
 * run as its own process: the most common Node proxy library, for comparison. Fastify's logger is at
 * its default (off), reply-from's undici pool at its defaults (keep-alive connections to the upstream).
 * Usage: tsx fastify-proxy.ts <upstreamPort> ; prints `listening <url>`.
 */
import proxy from "@fastify/http-proxy";
import Fastify from "fastify";

const upstreamPort = Number(process.argv[2]);
const app = Fastify();
void app.register(proxy, { upstream: `http://127.0.0.1:${upstreamPort}` });
app.listen({ port: 0, host: "127.0.0.1" }).then(
  (address) => process.stdout.write(`listening ${address}\n`),
  (err: Error) => {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  },
);
process.on("SIGTERM", () => void app.close().then(() => process.exit(0)));
