import { createServer, type Server } from "node:net";

/**
 * `count` distinct ports nobody listens on right now at `host`: all are held open together (so no
 * two are the same) and released at once, for a server that must be told its ports up front (the
 * route ports of a cluster's nodes name each other). Another process may still take one in the
 * moment before it is bound: callers retry with fresh ports when a bind fails.
 */
export async function freePorts(count: number, host = "127.0.0.1"): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let index = 0; index < count; index++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, host, () => resolve());
      });
    }
    return servers.map((server) => (server.address() as { port: number }).port);
  } finally {
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()))));
  }
}
