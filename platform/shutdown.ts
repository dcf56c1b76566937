import type { Server } from "node:http";
import type { Logger } from "./logger";
import { safeError } from "./safe-error";

/**
 * On SIGTERM/SIGINT: stop accepting connections, run `cleanup`, then exit.
 * A second signal, or `graceMs` passing, forces the exit.
 */
export function onShutdown(logger: Logger, servers: Server[], cleanup: () => Promise<void>, graceMs = 10_000): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      logger.warn("second signal, exiting now", { signal });
      process.exit(1);
    }
    stopping = true;
    logger.info("shutting down", { signal });
    const timer = setTimeout(() => {
      logger.error("shutdown took too long, exiting", { graceMs });
      process.exit(1);
    }, graceMs);
    timer.unref();
    try {
      await Promise.all(servers.map((server) => closeServer(server)));
      await cleanup();
      logger.info("stopped");
      process.exit(0);
    } catch (err) {
      logger.error("shutdown failed", { err: safeError(err) });
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

/** Closes a server and its idle keep-alive connections. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeIdleConnections();
  });
}
